import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../api';
import { apiQuery } from '../apiQuery';
import { toTemplateDrafts, type TemplateDraft } from './templateDraft';
import { ErrorNotice } from '../ui/ErrorNotice';
import type { DiagOption } from './TemplateForm';
import { TemplatesForm } from './TemplatesForm';

/**
 * Settings → Incident plan → Checklist templates: pick one, edit it, add or remove templates,
 * and save them all with their own button (`incidents:setTemplates` replaces the whole list, and
 * the dialog's Save is about the plan). There is no "restore defaults": no API hands out the
 * defaults.
 */
export function TemplateEditor() {
  const templatesRead = useQuery(apiQuery('incidents:templates', {}));
  const diagsRead = useQuery(apiQuery('diag:checks', { hostId: 'local' }));
  const [initial, setInitial] = useState<TemplateDraft[] | null>(null);
  const loadError = templatesRead.error ? errorMessage(templatesRead.error) : null;
  // Steps may run only the built-in diagnostics; saved commands (custom) ask before running.
  // Without the list (it could not be read), the id is typed.
  const diags: DiagOption[] | null =
    diagsRead.data?.filter((c) => !c.custom).map((c) => ({ id: c.id, title: c.title })) ?? null;

  // The editor starts from a fresh read, not from what the cache held when it opened.
  if (!initial && templatesRead.isFetchedAfterMount && templatesRead.data) {
    setInitial(toTemplateDrafts(templatesRead.data));
  }

  if (loadError) return <ErrorNotice message={loadError} prefix="Could not load the checklist templates: " />;
  if (!initial) return <p className="muted">Loading…</p>;
  return <TemplatesForm initial={initial} diags={diags} />;
}

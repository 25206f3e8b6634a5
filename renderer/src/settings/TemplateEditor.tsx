import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorIssues, errorMessage } from '../api';
import { apiQuery } from '../apiQuery';
import {
  TemplatesFormSchema,
  newTemplate,
  templateErrorsFromIssues,
  toTemplateDrafts,
  type TemplateDraft,
  type TemplateErrors,
} from './templateDraft';
import { ErrorNotice } from '../ui/ErrorNotice';
import { TemplateForm, type DiagOption } from './TemplateForm';

/**
 * Settings → Incident plan → Checklist templates: pick one, edit it, add or remove templates,
 * and save them all with their own button (`incidents:setTemplates` replaces the whole list, and
 * the dialog's Save is about the plan). The engine checks them; its refusal is shown beside
 * the template or step it names. There is no "restore defaults": no API hands out the defaults.
 */
export function TemplateEditor() {
  const queryClient = useQueryClient();
  const templatesRead = useQuery(apiQuery('incidents:templates', {}));
  const diagsRead = useQuery(apiQuery('diag:checks', { hostId: 'local' }));
  const [drafts, setDrafts] = useState<TemplateDraft[] | null>(null);
  const [selected, setSelected] = useState(0);
  const [errors, setErrors] = useState<TemplateErrors>({});
  const [state, setState] = useState<'clean' | 'dirty' | 'saving' | 'saved'>('clean');
  const loadError = templatesRead.error ? errorMessage(templatesRead.error) : null;
  // Steps may run only the built-in diagnostics; saved commands (custom) ask before running.
  // Without the list (it could not be read), the id is typed.
  const diags: DiagOption[] | null =
    diagsRead.data?.filter((c) => !c.custom).map((c) => ({ id: c.id, title: c.title })) ?? null;

  // The editor starts from a fresh read, not from what the cache held when it opened.
  if (!drafts && templatesRead.isFetchedAfterMount && templatesRead.data) {
    setDrafts(toTemplateDrafts(templatesRead.data));
  }

  if (loadError) return <ErrorNotice message={loadError} prefix="Could not load the checklist templates: " />;
  if (!drafts) return <p className="muted">Loading…</p>;

  const edit = (next: TemplateDraft[], select = selected): void => {
    setDrafts(next);
    setSelected(Math.max(0, Math.min(select, next.length - 1)));
    // Paths are by position: after any edit they may point at another row, so they go.
    setErrors({});
    setState('dirty');
  };
  const current = drafts[selected];
  const hasErrors = (i: number): boolean => hasErrorsIn(errors, i);

  const refuse = (found: TemplateErrors): void => {
    setErrors(found);
    const first = drafts.findIndex((_, i) => hasErrorsIn(found, i));
    if (first >= 0) setSelected(first);
    setState('dirty');
  };

  const save = async (): Promise<void> => {
    // Checked with the contract's schema first, so an empty step is marked without a round trip.
    const checked = TemplatesFormSchema.safeParse(drafts);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => ({ path: i.path.map(pathKey), message: i.message }));
      return refuse(templateErrorsFromIssues(issues, checked.error.message));
    }
    setState('saving');
    try {
      const saved = await api.call('incidents:setTemplates', { templates: checked.data });
      // The incident dialog suggests from these: it reads them again.
      void queryClient.invalidateQueries({ queryKey: ['incidents:templates'] });
      setDrafts(toTemplateDrafts(saved));
      setErrors({});
      setState('saved');
    } catch (err) {
      refuse(templateErrorsFromIssues(errorIssues(err), errorMessage(err)));
    }
  };

  return (
    <div className="template-editor" data-testid="template-editor">
      <ul
        className="plan-templates"
        data-testid="plan-templates"
        role="tablist"
        aria-label="Checklist templates"
      >
        {drafts.map((t, i) => (
          <li key={t.id}>
            <button
              type="button"
              role="tab"
              aria-selected={i === selected}
              className={`plan-templates__item${i === selected ? ' plan-templates__item--selected' : ''}${hasErrors(i) ? ' plan-templates__item--invalid' : ''}`}
              data-testid="template-pick"
              data-template-id={t.id}
              onClick={() => setSelected(i)}
            >
              {hasErrors(i) && <span aria-label="has errors">⚠ </span>}
              {t.title.trim() || '(untitled)'}
              <span className="muted"> · {t.steps.length} steps</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="template-editor__bar">
        <button
          type="button"
          className="button button--small"
          data-testid="template-add"
          onClick={() => edit([...drafts, newTemplate(drafts)], drafts.length)}
        >
          + Add template
        </button>
        {current && (
          <button
            type="button"
            className="button button--ghost button--small"
            data-testid="template-remove"
            onClick={() => edit(drafts.filter((_, i) => i !== selected))}
          >
            Remove “{current.title.trim() || 'untitled'}”
          </button>
        )}
      </div>
      {current ? (
        <TemplateForm
          key={current.id}
          index={selected}
          draft={current}
          errors={errors}
          diags={diags}
          onChange={(t) => edit(drafts.map((d, i) => (i === selected ? t : d)))}
        />
      ) : (
        <p className="muted">No templates: incidents start with an empty checklist.</p>
      )}
      <ErrorNotice message={errors['']} testId="templates-error" />
      <div className="template-editor__bar">
        <button
          type="button"
          className="button button--primary button--small"
          disabled={state === 'saving' || state === 'clean'}
          data-testid="templates-save"
          onClick={() => void save()}
        >
          {state === 'saving' ? 'Saving…' : 'Save templates'}
        </button>
        <span className="muted" role="status" data-testid="templates-status">
          {state === 'saved' && 'Templates saved.'}
          {state === 'dirty' && 'Unsaved template changes: the dialog’s Save does not save them.'}
        </span>
      </div>
    </div>
  );
}

function hasErrorsIn(errors: TemplateErrors, i: number): boolean {
  return Object.keys(errors).some((p) => p === `templates.${i}` || p.startsWith(`templates.${i}.`));
}

/** An issue path segment as the API's issues spell it: a string or an index. */
function pathKey(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm, useWatch, type FieldErrors } from 'react-hook-form';
import type { ChecklistTemplate } from '../../../shared/incidents';
import { api, errorIssues, errorMessage } from '../api';
import { errorsByPath, setErrorsByPath } from '../ui/formErrors';
import { ErrorNotice } from '../ui/ErrorNotice';
import {
  TemplatesValuesSchema,
  newTemplate,
  templateErrorsFromIssues,
  toTemplateDrafts,
  type TemplateDraft,
  type TemplateErrors,
  type TemplatesValues,
} from './templateDraft';
import { TemplateForm, type DiagOption } from './TemplateForm';

function hasErrorsIn(errors: TemplateErrors, i: number): boolean {
  return Object.keys(errors).some((p) => p === `templates.${i}` || p.startsWith(`templates.${i}.`));
}

interface Props {
  initial: TemplateDraft[];
  /** The built-in diagnostics, or null when they could not be listed (then the id is typed). */
  diags: DiagOption[] | null;
}

/**
 * The checklist templates in one react-hook-form form, checked on Save with the contract's schema
 * (through the zod resolver) so an empty step is marked without a round trip; the engine's refusal
 * is set on the template or step its issues name.
 */
export function TemplatesForm({ initial, diags }: Props) {
  const queryClient = useQueryClient();
  const {
    register,
    control,
    handleSubmit,
    setError,
    clearErrors,
    getValues,
    setValue,
    reset,
    subscribe,
    formState,
  } = useForm<TemplatesValues, unknown, ChecklistTemplate[]>({
    defaultValues: { templates: initial },
    resolver: zodResolver(TemplatesValuesSchema),
    // Not re-checked as typed: any edit clears every error (below), as before.
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  });
  const drafts = useWatch({ control, name: 'templates' });
  const [selected, setSelected] = useState(0);
  // A refusal about the list as a whole (two templates share an id), or one without issues.
  const [listError, setListError] = useState<string | null>(null);
  const [state, setState] = useState<'clean' | 'dirty' | 'saving' | 'saved'>('clean');

  // Paths are by position: after any edit they may point at another row, so they all go.
  useEffect(() => {
    let before = JSON.stringify(getValues('templates'));
    return subscribe({
      formState: { values: true },
      callback: ({ values }) => {
        const after = JSON.stringify(values.templates);
        if (after === before) return;
        before = after;
        clearErrors();
        setListError(null);
        setState('dirty');
      },
    });
  }, [clearErrors, getValues, subscribe]);

  const byPath = errorsByPath(formState.errors);
  // The form's own list-wide issue sits at `templates`; the engine's under `''`, as the helpers read it.
  const { templates: listIssue, ...fieldErrors } = byPath;
  const listMessage = [listIssue, listError].filter(Boolean).join('; ');
  const errors: TemplateErrors = { ...fieldErrors, ...(listMessage ? { '': listMessage } : {}) };

  const edit = (next: TemplateDraft[], select = selected): void => {
    setValue('templates', next);
    setSelected(Math.max(0, Math.min(select, next.length - 1)));
  };
  const current = drafts[selected];

  const showFirst = (found: TemplateErrors): void => {
    const first = drafts.findIndex((_, i) => hasErrorsIn(found, i));
    if (first >= 0) setSelected(first);
    setState('dirty');
  };

  const save = async (templates: ChecklistTemplate[]): Promise<void> => {
    setState('saving');
    try {
      const saved = await api.call('incidents:setTemplates', { templates });
      // The incident dialog suggests from these: it reads them again.
      void queryClient.invalidateQueries({ queryKey: ['incidents:templates'] });
      reset({ templates: toTemplateDrafts(saved) });
      setListError(null);
      setState('saved');
    } catch (err) {
      const { '': list, ...found } = templateErrorsFromIssues(errorIssues(err), errorMessage(err));
      clearErrors();
      setErrorsByPath(setError, found);
      setListError(list ?? null);
      showFirst(found);
    }
  };
  // The resolver has set the errors already; the first template with any is shown.
  const refuse = (formErrors: FieldErrors<TemplatesValues>): void => showFirst(errorsByPath(formErrors));

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
              className={`plan-templates__item${i === selected ? ' plan-templates__item--selected' : ''}${hasErrorsIn(errors, i) ? ' plan-templates__item--invalid' : ''}`}
              data-testid="template-pick"
              data-template-id={t.id}
              onClick={() => setSelected(i)}
            >
              {hasErrorsIn(errors, i) && <span aria-label="has errors">⚠ </span>}
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
          register={register}
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
          onClick={() => void handleSubmit(save, refuse)()}
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

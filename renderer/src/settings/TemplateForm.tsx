import type { UseFormRegister } from 'react-hook-form';
import {
  addStep,
  moveStep,
  removeStep,
  stepErrors,
  templateFieldError,
  templateLevelErrors,
  type TemplateDraft,
  type TemplateErrors,
  type TemplatesValues,
} from './templateDraft';
import { Field } from '../ui/Field';

/** A built-in diagnostic a step may run: its id and what it does. */
export interface DiagOption {
  id: string;
  title: string;
}

interface Props {
  index: number;
  draft: TemplateDraft;
  errors: TemplateErrors;
  /** The built-in diagnostics, or null when they could not be listed (then the id is typed). */
  diags: DiagOption[] | null;
  /** The editor's form: the text fields are its fields, at `templates.<index>.…`. */
  register: UseFormRegister<TemplatesValues>;
  /** A change of the steps' list itself: added, removed or moved. */
  onChange: (draft: TemplateDraft) => void;
}

function Errors({ messages, testId }: { messages: string[]; testId: string }) {
  if (messages.length === 0) return null;
  return (
    <span className="field__error" role="alert" data-testid={testId}>
      {messages.join(' ')}
    </span>
  );
}

/** One checklist template: title, signals it is suggested for, and its ordered steps. */
export function TemplateForm({ index, draft, errors, diags, register, onChange }: Props) {
  const last = draft.steps.length - 1;
  const at = `templates.${index}` as const;
  return (
    <div className="template-form" data-testid="template-form" data-template-id={draft.id}>
      <div className="template-form__head">
        <Field
          label="Title"
          error={templateFieldError(errors, index, 'title')}
          errorTestId="template-title-error"
        >
          <input className="input" data-testid="template-title" {...register(`${at}.title`)} />
        </Field>
        <Field
          label="Suggested for signals (comma-separated)"
          error={templateFieldError(errors, index, 'signals')}
          errorTestId="template-signals-error"
        >
          <input
            className="input"
            placeholder="cpu, disk, probe"
            data-testid="template-signals"
            {...register(`${at}.signals`)}
          />
        </Field>
      </div>
      <Errors messages={templateLevelErrors(errors, index, ['title', 'signals'])} testId="template-error" />
      <ol className="template-steps">
        {draft.steps.map((s, j) => {
          const messages = stepErrors(errors, index, j);
          const known = diags?.some((d) => d.id === s.diag) ?? true;
          return (
            <li
              key={s.id}
              className={`template-step${messages.length ? ' template-step--invalid' : ''}`}
              data-testid="template-step"
              data-step-id={s.id}
            >
              <input
                className="input template-step__text"
                aria-label={`Step ${j + 1} text`}
                placeholder="What to do"
                data-testid="template-step-text"
                {...register(`${at}.steps.${j}.text`)}
              />
              {diags ? (
                <select
                  className="input template-step__diag"
                  aria-label={`Step ${j + 1} diagnostic`}
                  data-testid="template-step-diag"
                  {...register(`${at}.steps.${j}.diag`)}
                >
                  <option value="">No diagnostic</option>
                  {!known && <option value={s.diag}>{s.diag} (not built in)</option>}
                  {diags.map((d) => (
                    <option key={d.id} value={d.id} title={d.id}>
                      {d.title}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  className="input template-step__diag"
                  aria-label={`Step ${j + 1} diagnostic`}
                  placeholder="diagnostic id (optional)"
                  data-testid="template-step-diag"
                  {...register(`${at}.steps.${j}.diag`, { setValueAs: (v: string) => v.trim() })}
                />
              )}
              <span className="template-step__actions">
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={`Move step ${j + 1} up`}
                  disabled={j === 0}
                  data-testid="template-step-up"
                  onClick={() => onChange(moveStep(draft, j, -1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={`Move step ${j + 1} down`}
                  disabled={j === last}
                  data-testid="template-step-down"
                  onClick={() => onChange(moveStep(draft, j, 1))}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={`Remove step ${j + 1}`}
                  data-testid="template-step-remove"
                  onClick={() => onChange(removeStep(draft, j))}
                >
                  ✕
                </button>
              </span>
              <Errors messages={messages} testId="template-step-error" />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button--small"
        data-testid="template-add-step"
        onClick={() => onChange(addStep(draft))}
      >
        + Add step
      </button>
    </div>
  );
}

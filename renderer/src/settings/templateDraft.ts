import { z } from 'zod';
import { TemplatesSchema, type ChecklistTemplate } from '../../../shared/incidents';
import type { ApiIssue } from '../../../shared/schemas';
import { parentsFirst } from '../ui/formErrors';

/** A checklist step as typed: no diagnostic is `''`. */
export interface StepDraft {
  id: string;
  text: string;
  diag: string;
}

/** A checklist template as typed: signals are one comma-separated line until saved. */
export interface TemplateDraft {
  id: string;
  title: string;
  signals: string;
  steps: StepDraft[];
}

/** Messages by the path the engine names, e.g. `templates.2.steps.0.diag`; `''` is the whole list. */
export type TemplateErrors = Record<string, string>;

export function toTemplateDrafts(ts: readonly ChecklistTemplate[]): TemplateDraft[] {
  return ts.map((t) => ({
    id: t.id,
    title: t.title,
    signals: t.signals.join(', '),
    steps: t.steps.map((s) => ({ id: s.id, text: s.text, diag: s.diag ?? '' })),
  }));
}

/**
 * The templates to send to `incidents:setTemplates`. Nothing is dropped or reordered (bar empty
 * signals), so the engine's `templates.<i>.steps.<j>` paths point at the rows on screen.
 */
export function fromTemplateDrafts(ds: readonly TemplateDraft[]): ChecklistTemplate[] {
  return ds.map((d) => ({
    id: d.id,
    title: d.title.trim(),
    signals: d.signals
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    steps: d.steps.map((s) => ({ id: s.id, text: s.text.trim(), ...(s.diag ? { diag: s.diag } : {}) })),
  }));
}

const TemplateDraftSchema = z.object({
  id: z.string(),
  title: z.string(),
  signals: z.string(),
  steps: z.array(z.object({ id: z.string(), text: z.string(), diag: z.string() })),
});

/** The drafts as the API takes them, or each issue of the contract's schema at the engine's path. */
function checkTemplates(drafts: readonly TemplateDraft[], ctx: z.RefinementCtx): ChecklistTemplate[] {
  const templates = fromTemplateDrafts(drafts);
  const checked = TemplatesSchema.safeParse(templates);
  if (checked.success) return templates;
  // Parents first: react-hook-form keeps `templates.0.steps` and `templates.0.steps.1.text` at one
  // node of its error tree, and one set after the other would replace it.
  const issues = checked.error.issues.map(
    (i) => [['templates', ...i.path].map(String).join('.'), i] as const,
  );
  for (const [, issue] of parentsFirst(issues)) {
    ctx.addIssue({ code: 'custom', path: ['templates', ...issue.path], message: issue.message });
  }
  return z.NEVER;
}

/**
 * The templates form's schema: the drafts in, `incidents:setTemplates`' templates out, checked with
 * the contract's own schema before anything is sent; issues at the engine's paths
 * (`templates.2.steps.0.text`), so {@link templateErrorsFromIssues} sorts both alike. Only the
 * engine can tell a diagnostic that is not built in.
 */
export const TemplatesFormSchema = z.array(TemplateDraftSchema).transform(checkTemplates);

/** The editor's form values: the drafts under `templates`, where the engine's issue paths start. */
export interface TemplatesValues {
  templates: TemplateDraft[];
}

/**
 * {@link TemplatesFormSchema} for react-hook-form's zod resolver: the form's values in, the
 * templates out, each issue at the path of the field it is about (`templates.0.steps.1.text`).
 */
export const TemplatesValuesSchema = z
  .object({ templates: z.array(TemplateDraftSchema) })
  .transform((v, ctx) => checkTemplates(v.templates, ctx));

/** An id in the schema's shape (`[a-z0-9][a-z0-9-]{0,39}`) from `base`, unused by `taken`. */
export function freshId(base: string, taken: readonly string[]): string {
  const stem =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'item';
  let id = stem;
  for (let n = 2; taken.includes(id); n++) id = `${stem}-${n}`;
  return id;
}

export function newTemplate(drafts: readonly TemplateDraft[]): TemplateDraft {
  return {
    id: freshId(
      'new-template',
      drafts.map((d) => d.id),
    ),
    title: 'New checklist',
    signals: '',
    steps: [{ id: 'step', text: '', diag: '' }],
  };
}

export function addStep(t: TemplateDraft): TemplateDraft {
  const id = freshId(
    'step',
    t.steps.map((s) => s.id),
  );
  return { ...t, steps: [...t.steps, { id, text: '', diag: '' }] };
}

export function removeStep(t: TemplateDraft, i: number): TemplateDraft {
  return { ...t, steps: t.steps.filter((_, j) => j !== i) };
}

/** Moves step `i` by `by` (-1 up, +1 down); a move past either end changes nothing. */
export function moveStep(t: TemplateDraft, i: number, by: -1 | 1): TemplateDraft {
  const j = i + by;
  const a = t.steps[i];
  const b = t.steps[j];
  if (!a || !b) return t;
  const steps = [...t.steps];
  steps[i] = b;
  steps[j] = a;
  return { ...t, steps };
}

/**
 * Sorts a refusal from `incidents:setTemplates` by the field it is about, from its issues: zod's
 * (`templates.2.steps.0.text`) and the engine's own check on diagnostics alike. What names no
 * template or step (two templates sharing an id), or a refusal without issues, goes under `''`.
 */
export function templateErrorsFromIssues(issues: readonly ApiIssue[], message: string): TemplateErrors {
  if (issues.length === 0) return { '': message };
  const errors: TemplateErrors = {};
  for (const issue of issues) {
    const path = issue.path.length <= 1 ? '' : issue.path.join('.');
    errors[path] = errors[path] ? `${errors[path]}; ${issue.message}` : issue.message;
  }
  return errors;
}

/** Whether `rest` (a path below a template) is about one of its steps: `steps.<n>[.…]`. */
function isStepPath(rest: string): boolean {
  const [head, index] = rest.split('.');
  return head === 'steps' && index !== undefined && index !== '' && Number.isInteger(Number(index));
}

/**
 * The messages about template `i` itself (title, signals, its steps as a whole), not one step;
 * without those about the fields in `shownBeside` (`title`, `signals`), which the form shows there.
 */
export function templateLevelErrors(
  errors: TemplateErrors,
  i: number,
  shownBeside: readonly string[] = [],
): string[] {
  const own = `templates.${i}`;
  const beside = (rest: string): boolean => shownBeside.includes(rest.split('.')[0] ?? '');
  return Object.entries(errors)
    .filter(([p]) => p === own || (p.startsWith(`${own}.`) && !isStepPath(p.slice(own.length + 1))))
    .filter(([p]) => !beside(p.slice(own.length + 1)))
    .map(([p, m]) => `${fieldLabel(p.slice(own.length + 1))}${m}`);
}

/** The messages about step `j` of template `i`. */
export function stepErrors(errors: TemplateErrors, i: number, j: number): string[] {
  const own = `templates.${i}.steps.${j}`;
  return Object.entries(errors)
    .filter(([p]) => p === own || p.startsWith(`${own}.`))
    .map(([p, m]) => `${fieldLabel(p.slice(own.length + 1))}${m}`);
}

const LABELS: Record<string, string> = {
  title: 'Title',
  signals: 'Signals',
  steps: 'Steps',
  text: 'Step text',
  diag: 'Diagnostic',
  id: 'Id',
};

function fieldLabel(rest: string): string {
  const head = rest.split('.')[0] ?? '';
  return head ? `${LABELS[head] ?? head}: ` : '';
}

/** The message about field `field` of template `i` (and anything under it, e.g. one signal). */
export function templateFieldError(errors: TemplateErrors, i: number, field: string): string | undefined {
  const own = `templates.${i}.${field}`;
  const found = Object.entries(errors)
    .filter(([p]) => p === own || p.startsWith(`${own}.`))
    .map(([, m]) => m);
  return found.length ? found.join('; ') : undefined;
}

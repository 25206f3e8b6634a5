import { z } from 'zod';

/** A message per form field, shown beside it. */
export type FormErrors<K extends string> = Partial<Record<K, string>>;

/**
 * Checks `input` with the contract's own schema (ranges and formats included: the form has none of
 * its own) and puts each issue on the form field `fieldOf` names for its path. A field with
 * several issues (two bad lines in a list) shows them all; a field the form already refused keeps
 * its own message, which says what to type.
 */
export function checkWithSchema<K extends string>(
  schema: z.ZodType,
  input: unknown,
  errors: FormErrors<K>,
  fieldOf: (path: readonly PropertyKey[]) => K,
  messageOf: (field: K, issue: z.core.$ZodIssue) => string = (_, issue) => issue.message,
): void {
  const parsed = schema.safeParse(input);
  if (parsed.success) return;
  const found: FormErrors<K> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path);
    const message = messageOf(field, issue);
    const before = found[field];
    if (before === undefined) found[field] = message;
    else if (!before.split('; ').includes(message)) found[field] = `${before}; ${message}`;
  }
  for (const [field, message] of Object.entries(found) as [K, string][]) errors[field] ??= message;
}

/**
 * The end of a form schema's transform: the API's input when no field has an error, else every
 * error raised at its field's path, where react-hook-form's zod resolver shows it.
 */
export function inputOrIssues<K extends string, T>(ctx: z.RefinementCtx, errors: FormErrors<K>, input: T): T {
  const entries = Object.entries(errors).filter(([, message]) => message !== undefined);
  if (entries.length === 0) return input;
  for (const [path, message] of entries)
    ctx.addIssue({ code: 'custom', path: [path], message: String(message) });
  return z.NEVER;
}

/** A typed number: '' is undefined (the schema's default), anything else must read as a number. */
export function numberText<K extends string>(
  text: string,
  key: K,
  errors: FormErrors<K>,
): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (Number.isFinite(n)) return n;
  errors[key] = 'enter a number';
  return undefined;
}

/** A textarea's lines, trimmed, blanks left out. */
export const textLines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * A number issue in the unit the form shows: the bounds are the schema's own (the issue carries
 * them), only scaled, e.g. from milliseconds to seconds.
 */
export function scaledMessage(issue: z.core.$ZodIssue, scale: number, words: string): string {
  const unit = words ? ` ${words}` : '';
  if (issue.code === 'too_small') return `enter at least ${Number(issue.minimum) / scale}${unit}`;
  if (issue.code === 'too_big') return `enter at most ${Number(issue.maximum) / scale}${unit}`;
  if (issue.code === 'invalid_type' && issue.expected === 'int')
    return `enter a whole number${unit && ` of${unit}`}`;
  if (issue.code === 'invalid_type') return `enter a number${unit && ` of${unit}`}`;
  return issue.message;
}

/**
 * A form schema's verdict with its issues keyed by their dotted path under `prefix` (the path the
 * engine names the field by, e.g. `prometheus.0.url`), for a form that holds its fields by path.
 */
export function parseAtPaths<T>(
  schema: z.ZodType<T>,
  value: unknown,
  prefix: string,
): { ok: true; data: T } | { ok: false; errors: Record<string, string> } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    errors[path] = errors[path] ? `${errors[path]}; ${issue.message}` : issue.message;
  }
  return { ok: false, errors };
}

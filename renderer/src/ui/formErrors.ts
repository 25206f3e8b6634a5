import type { FieldErrors, FieldValues, UseFormSetError } from 'react-hook-form';

/** A message per field, by its dotted path (`rules.hosts.db-1.cpu.warn`, `templates.0.steps.2.text`). */
export type ErrorsByPath = Record<string, string>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * react-hook-form's errors, which it keeps as a tree (`errors.templates[0].steps[2].text`), as
 * one message per dotted path: the shape the engine's issues and the forms' helpers use. A node
 * that is itself an error may also hold its fields' errors (`retentionDays` and
 * `retentionDays.raw`); both are kept.
 */
export function errorsByPath(errors: FieldErrors | undefined): ErrorsByPath {
  const out: ErrorsByPath = {};
  const walk = (node: unknown, path: string): void => {
    if (!isRecord(node)) return;
    const isError = typeof node.message === 'string';
    if (isError && path !== '') out[path] = node.message as string;
    for (const [key, child] of Object.entries(node)) {
      // An error's own bookkeeping, not a field under it.
      if (isError && (key === 'ref' || key === 'types')) continue;
      walk(child, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(errors, '');
  return out;
}

/** How many segments a dotted path has: a parent is set before its fields, or it would replace them. */
const depth = (path: string): number => path.split('.').length;

/**
 * Sets each message on its field by path (react-hook-form's `setError`), parents first: setting
 * `retentionDays` after `retentionDays.raw` would replace the latter, since the tree holds both at
 * one node.
 */
export function setErrorsByPath<T extends FieldValues>(
  setError: UseFormSetError<T>,
  errors: ErrorsByPath,
  type = 'refused',
): void {
  const entries = Object.entries(errors).sort(([a], [b]) => depth(a) - depth(b));
  // The paths are the engine's, not the form's value paths: they are typed as the form's only to
  // reach setError, which keeps a message for any path.
  for (const [path, message] of entries)
    setError(path as Parameters<UseFormSetError<T>>[0], { type, message });
}

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

/**
 * The same entries with each parent before its own fields (`retentionDays` before
 * `retentionDays.raw`) and otherwise in their order: react-hook-form's error tree holds both at one
 * node, and a parent set after its fields would replace them.
 */
export function parentsFirst<T>(entries: readonly (readonly [string, T])[]): [string, T][] {
  const out: [string, T][] = [];
  for (const [path, value] of entries) {
    const child = out.findIndex(([p]) => p.startsWith(`${path}.`));
    out.splice(child < 0 ? out.length : child, 0, [path, value]);
  }
  return out;
}

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
  const entries = parentsFirst(Object.entries(errors));
  // The paths are the engine's, not the form's value paths: they are typed as the form's only to
  // reach setError, which keeps a message for any path.
  for (const [path, message] of entries)
    setError(path as Parameters<UseFormSetError<T>>[0], { type, message });
}

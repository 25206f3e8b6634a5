import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was typed: printed with a pointer to help, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses options (every command takes --data-dir) and positionals, strictly. */
export function parse<T extends Options>(args: string[], options: T, positionals = false) {
  try {
    const r = parseArgs({
      args,
      options: { ...options, 'data-dir': { type: 'string' } },
      strict: true,
      allowPositionals: positionals,
    });
    return { values: r.values, positionals: r.positionals as string[] };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function intOption(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  }
  return n;
}

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

/** `15m`, `1h`, `7d`, `90s`: a span of history, in ms. */
export function parseSpan(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(text.trim());
  if (!m) throw new UsageError(`--${option} takes a span such as 30m, 1h, 24h or 7d, got "${text}".`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 's'];
  const ms = Number(m[1]) * unit;
  if (ms <= 0 || ms > 3 * 365 * 86_400_000)
    throw new UsageError(`--${option} must be more than 0 and at most 3 years.`);
  return ms;
}

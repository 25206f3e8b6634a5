import { z } from 'zod';

/**
 * Strings from a caller or a stored file that may reach a shell, a path or a file name, and the
 * limits every interval and duration in the contract shares. A control character there is never
 * what the user meant: a NUL cuts an argument or a path short (or makes Node throw), a line
 * break starts a new command or header, an escape rewrites the terminal that shows it.
 */

/** The longest interval anything repeats at: a day. A longer one is a typo, and beyond 2^31-1 ms a timer fires at once. */
export const MAX_INTERVAL_MS = 86_400_000;

/** Which control characters a string may hold: none, a tab (header values), or tabs and line breaks (free text). */
export type ControlAllowance = 'none' | 'tab' | 'lines';

const NAMES: Record<number, string> = {
  0: 'a NUL character',
  9: 'a tab',
  10: 'a line break',
  13: 'a carriage return',
  27: 'an escape character',
  127: 'a DEL character',
};

function allowed(code: number, allow: ControlAllowance): boolean {
  if (allow === 'none') return false;
  if (code === 9) return true;
  return allow === 'lines' && (code === 10 || code === 13);
}

/**
 * Why `text` cannot be used, or null when it can: the first ASCII control character (U+0000 to
 * U+001F, U+007F) that `allow` does not let through, named in words.
 */
export function controlCharProblem(text: string, allow: ControlAllowance = 'none'): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 || code === 127) && !allowed(code, allow)) {
      const name = NAMES[code] ?? `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
      return `contains ${name} (at character ${i + 1}); remove it and try again`;
    }
  }
  return null;
}

/**
 * A string that may reach a shell, a path or a file name: refuses NUL and every other ASCII
 * control character (a tab too, unless `allow` says otherwise). Chain `.min()` / `.max()` on it.
 */
export function safeString(allow: ControlAllowance = 'none'): z.ZodString {
  return z.string().superRefine((s, ctx) => {
    const problem = controlCharProblem(s, allow);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** Free text a person writes (notes, reasons, descriptions): tabs and line breaks allowed, other control characters not. */
export function freeText(): z.ZodString {
  return safeString('lines');
}

/**
 * An http:// or https:// URL with no control characters (the URL parser would quietly drop a
 * tab or line break and percent-encode a NUL, so the check is on the text as given).
 */
export function httpUrl() {
  // The control check runs on the text as given: z.url hands on the parser's normalised href.
  return safeString()
    .max(2048, 'a URL can be at most 2048 characters')
    .pipe(z.url({ protocol: /^https?$/, error: 'use an http:// or https:// URL' }));
}

/** An interval in ms from `min` up to a day. */
export function intervalMs(min: number): z.ZodNumber {
  return z.number().int().min(min).max(MAX_INTERVAL_MS, `must be at most a day (${MAX_INTERVAL_MS} ms)`);
}

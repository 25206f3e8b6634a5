/**
 * When to try a webhook delivery again. Pure functions so the schedule can be tested without
 * a network and reasoned about in one place.
 */

/** How a channel spaces out its attempts. */
export interface RetryPolicy {
  /** Attempts per message, the first included; after the last one the message is marked failed. */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles after each failure. */
  baseDelayMs: number;
  /** Ceiling for the exponential delay. */
  maxDelayMs: number;
  /** Ceiling for a receiver's Retry-After, so a bad header cannot park the queue for days. */
  maxRetryAfterMs: number;
}

/**
 * Defaults: 8 attempts 5 s, 10 s, … apart (capped at 10 min) span about 10 minutes, long
 * enough to ride out a Slack blip or a laptop changing networks.
 */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 5_000,
  maxDelayMs: 10 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

/**
 * Delay after the `attempts`-th failed attempt (1-based). "Equal jitter": half the delay is
 * fixed, half random, so channels restarted together do not retry in lockstep.
 */
export function backoffDelay(attempts: number, policy: RetryPolicy, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/**
 * Parses a Retry-After header (delta-seconds or an HTTP date) into a delay in ms, or undefined
 * when absent or unreadable. https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Whether an HTTP status is worth retrying. 5xx and 429 are the receiver's trouble and pass;
 * 408 is a timeout in disguise. Any other 4xx (bad payload, revoked or archived webhook) will
 * fail the same way every time, so retrying only delays the message behind it.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

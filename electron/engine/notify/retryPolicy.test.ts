import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultRetryPolicy, isRetryableStatus, parseRetryAfter } from './retryPolicy';

describe('retry policy', () => {
  it('doubles with jitter and stops at the ceiling', () => {
    const p = { ...defaultRetryPolicy, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, p, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(3, p, () => 0)).toBe(2000);
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries 5xx, 429 and 408 only', () => {
    expect([500, 503, 429, 408, 400, 403, 404, 410].map(isRetryableStatus)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

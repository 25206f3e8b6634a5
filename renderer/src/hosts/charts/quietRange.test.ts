import { describe, expect, it } from 'vitest';
import { quietRange } from './quietRange';

const NOW = Date.UTC(2026, 11, 7, 13, 40);
const MIN = 60_000;

describe('quietRange', () => {
  it('opens on the shortest stored range that shows the last data and the gap after it', () => {
    expect(quietRange(NOW - 2 * MIN, NOW)).toBe('15m');
    expect(quietRange(NOW - 11 * MIN, NOW)).toBe('15m');
    expect(quietRange(NOW - 16 * MIN, NOW)).toBe('1h');
    expect(quietRange(NOW - 3 * 60 * MIN, NOW)).toBe('24h');
    expect(quietRange(NOW - 3 * 24 * 60 * MIN, NOW)).toBe('7d');
  });

  it('falls back to the longest range for a host quiet for longer than any', () => {
    expect(quietRange(NOW - 400 * 24 * 60 * MIN, NOW)).toBe('90d');
  });

  it('treats a last sample stamped after now (clock skew) as just now', () => {
    expect(quietRange(NOW + MIN, NOW)).toBe('15m');
  });
});

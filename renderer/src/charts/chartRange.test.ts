import { describe, expect, it } from 'vitest';
import { describeTier, lastHours, rangeWindow } from './chartRange';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

describe('rangeWindow', () => {
  it('ends now for a running engine and at the last sample for a saved history', () => {
    expect(rangeWindow('1h', NOW, null, null)).toEqual({ from: NOW - 3_600_000, to: NOW });
    expect(rangeWindow('15m', NOW, NOW - 60_000, null)).toEqual({ from: NOW - 960_000, to: NOW - 60_000 });
  });

  it('has no stored window for live, nor for custom until one is picked', () => {
    expect(rangeWindow('live', NOW, null, null)).toBeNull();
    expect(rangeWindow('custom', NOW, null, null)).toBeNull();
    const custom = lastHours(6, NOW);
    expect(rangeWindow('custom', NOW, null, custom)).toBe(custom);
    expect(custom.to - custom.from).toBe(6 * 3_600_000);
  });
});

describe('describeTier', () => {
  it('says whether points are polls or rollup means, and how wide', () => {
    expect(describeTier('raw', 6000)).toMatch(/^Each point is a stored poll.*within 6 s/);
    expect(describeTier('1m', 144_000)).toContain('mean of 2 min (from 1m rollups)');
    expect(describeTier('1h', 4 * 3_600_000)).toContain('mean of 4.0 h');
  });
});

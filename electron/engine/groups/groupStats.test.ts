import { describe, expect, it } from 'vitest';
import { MAX_SKEW, scaleIn, shares, spread, worstSkew } from './groupStats';

describe('group math', () => {
  it('spread: mean, nearest-rank p90 and max, ignoring missing values', () => {
    expect(spread([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toEqual({ mean: 55, p90: 90, max: 100, n: 10 });
    expect(spread([5, null, undefined, Number.NaN, 15])).toEqual({ mean: 10, p90: 15, max: 15, n: 2 });
    expect(spread([42])).toEqual({ mean: 42, p90: 42, max: 42, n: 1 });
    expect(spread([])).toBeNull();
    expect(spread([null])).toBeNull();
  });

  it('scale-in: peak total ÷ target per host, rounded up, never under one host', () => {
    // The example: 6 hosts whose summed peak is 180 % of one host need 3 at 70 %.
    const s = scaleIn(6, 180);
    expect(s).toMatchObject({ needed: 3, spare: 3, targetPct: 70 });
    expect(s.arithmetic).toBe('peak 180 % of one host ÷ 70 % per host = 2.6 → 3 hosts');
    expect(scaleIn(6, 140).needed).toBe(2); // exactly 2.0: no third host for rounding
    expect(scaleIn(3, 0)).toMatchObject({ needed: 1, spare: 2 });
    expect(scaleIn(2, 500)).toMatchObject({ needed: 8, spare: 0 }); // short of hosts: nothing to spare
    expect(scaleIn(4, 100, 50).needed).toBe(2);
  });

  it('shares: each member against its weight; a drained member has no ratio', () => {
    const s = shares([
      { id: 'a', load: 50, weight: 1 },
      { id: 'b', load: 25, weight: 1 },
      { id: 'c', load: 25, weight: 2 },
    ]);
    expect(s?.map((x) => [x.id, x.share, x.expected, x.ratio])).toEqual([
      ['a', 0.5, 0.25, 2],
      ['b', 0.25, 0.25, 1],
      ['c', 0.25, 0.5, 0.5],
    ]);
    expect(shares([{ id: 'a', load: 0, weight: 1 }])).toBeNull();
    expect(shares([{ id: 'a', load: 5, weight: 0 }])).toBeNull();
    const drained = shares([
      { id: 'a', load: 10, weight: 1 },
      { id: 'b', load: 0, weight: 0 },
    ]);
    expect(drained?.[1]?.ratio).toBeNull();
  });

  it('worst skew: over or under its share, as a factor; a starved member is capped, not infinite', () => {
    const over = shares([
      { id: 'a', load: 42, weight: 1 },
      { id: 'b', load: 29, weight: 1 },
      { id: 'c', load: 29, weight: 1 },
    ]);
    const w = worstSkew(over ?? []);
    expect(w?.member.id).toBe('a');
    expect(w?.factor).toBeCloseTo(1.26, 2);
    const starved = shares([
      { id: 'a', load: 50, weight: 1 },
      { id: 'b', load: 50, weight: 1 },
      { id: 'c', load: 0, weight: 1 },
    ]);
    expect(worstSkew(starved ?? [])).toMatchObject({ member: { id: 'c' }, factor: MAX_SKEW });
    const halved = shares([
      { id: 'a', load: 40, weight: 1 },
      { id: 'b', load: 40, weight: 1 },
      { id: 'c', load: 20, weight: 2 },
    ]);
    // c has half the weight and a fifth of the load: 0.4× its share, 2.5 off.
    expect(worstSkew(halved ?? [])).toMatchObject({ member: { id: 'c' } });
    expect(worstSkew(halved ?? [])?.factor).toBeCloseTo(2.5, 5);
    expect(worstSkew(shares([{ id: 'a', load: 1, weight: 1 }]) ?? [])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { judgeChange } from './loadVerdict';

describe('judgeChange: the one verdict rule for load-test comparisons', () => {
  it('calls a latency change over ±10% a regression and says why with its numbers', () => {
    expect(judgeChange('p95', 100, 128)).toEqual({
      changePct: 28,
      verdict: 'regression',
      why: '+28%: beyond ±10%, worse',
    });
    expect(judgeChange('p99', 100, 91).verdict).toBe('same');
    expect(judgeChange('p50', 100, 85)).toMatchObject({
      verdict: 'better',
      why: '−15%: beyond ±10%, better',
    });
  });

  it('says why a large percentage under 1 ms is still "same" instead of a bare "same"', () => {
    expect(judgeChange('p95', 2, 2.56)).toEqual({
      changePct: 28,
      verdict: 'same',
      why: '+28%, but only 0.56 ms apart: changes under 1 ms are noise',
    });
  });

  it('judges requests/s the other way round and error rates by points', () => {
    expect(judgeChange('rps', 1000, 800).verdict).toBe('regression');
    expect(judgeChange('rps', 1000, 1200).verdict).toBe('better');
    expect(judgeChange('errors', 0, 0.05)).toMatchObject({ verdict: 'same' });
    expect(judgeChange('errors', 0, 2)).toMatchObject({
      verdict: 'regression',
      why: '+2 pts of errors (0.1 pts or more counts)',
    });
    expect(judgeChange('p95', 0, 0)).toMatchObject({ verdict: 'same', changePct: null });
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, evaluateHealth } from './health';
import { makeSample } from './testing/fakes';

const T0 = Date.UTC(2026, 0, 1, 14, 5, 0);
const GiB = 2 ** 30;

describe('evaluateHealth', () => {
  it('is waiting before the first sample', () => {
    expect(evaluateHealth(null, null, T0, 2000)).toEqual({
      state: 'waiting',
      reasons: ['waiting for the first poll'],
    });
  });

  it('is green when every signal is under its level', () => {
    expect(evaluateHealth(makeSample('h', T0), T0, T0 + 1000, 2000)).toEqual({ state: 'green', reasons: [] });
  });

  it('says why memory is amber, in words', () => {
    const s = makeSample('h', T0, {
      mem: { totalBytes: 100 * GiB, usedBytes: 93 * GiB, availableBytes: 7 * GiB },
    });
    expect(evaluateHealth(s, T0, T0, 2000)).toEqual({ state: 'amber', reasons: ['memory 93% ≥ 90%'] });
  });

  it('puts the worst reason first: red before amber', () => {
    const s = makeSample('h', T0, {
      cpu: { cores: 4, busyPct: 88, iowaitPct: 0, stealPct: 0 },
      disks: [{ mount: '/var', fs: 'ext4', totalBytes: 100, usedBytes: 97, usedPct: 97 }],
    });
    const ev = evaluateHealth(s, T0, T0, 2000);
    expect(ev.state).toBe('red');
    expect(ev.reasons).toEqual(['disk /var 97% ≥ 95%', 'CPU 88% ≥ 85%']);
  });

  it('treats a value exactly at the level as tripping it', () => {
    const s = makeSample('h', T0, {
      cpu: { cores: 1, busyPct: 95, iowaitPct: 0, stealPct: 0 },
      load: [0, 0, 0],
    });
    expect(evaluateHealth(s, T0, T0, 2000).state).toBe('red');
  });

  it('judges load per core', () => {
    const s = makeSample('h', T0, {
      load: [9, 7, 5],
      cpu: { cores: 2, busyPct: 10, iowaitPct: 0, stealPct: 0 },
    });
    expect(evaluateHealth(s, T0, T0, 2000)).toEqual({ state: 'red', reasons: ['load 3.5 per core ≥ 3'] });
  });

  it('ignores swap on hosts without swap, and null rates on the first poll', () => {
    const s = makeSample('h', T0, {
      swap: { totalBytes: 0, usedBytes: 0 },
      cpu: { cores: 2, busyPct: null, iowaitPct: null, stealPct: null },
    });
    expect(evaluateHealth(s, T0, T0, 2000).state).toBe('green');
  });

  it('turns grey with the time of the last data once samples stop, not green', () => {
    const s = makeSample('h', T0);
    const limit = DEFAULT_THRESHOLDS.staleAfterIntervals * 2000;
    expect(evaluateHealth(s, T0, T0 + limit, 2000).state).toBe('green');
    const ev = evaluateHealth(s, T0, T0 + limit + 1, 2000);
    const hhmm = `${String(new Date(T0).getHours()).padStart(2, '0')}:${String(new Date(T0).getMinutes()).padStart(2, '0')}`;
    expect(ev).toEqual({ state: 'grey', reasons: [`no data since ${hhmm}`] });
  });

  it('is grey even when the last sample was red: stale data is not a verdict', () => {
    const s = makeSample('h', T0, { cpu: { cores: 1, busyPct: 100, iowaitPct: 0, stealPct: 0 } });
    expect(evaluateHealth(s, T0, T0 + 60_000, 2000).state).toBe('grey');
  });
});

import { describe, expect, it } from 'vitest';
import type { AlertEntry } from '../../../shared/alerts';
import { changesOf, sinceText } from './signalList';

const entry = (id: number, signal: string): AlertEntry => ({
  id,
  hostId: 'local',
  probeId: null,
  signal,
  kind: signal.split(':')[0]!,
  from: 'ok',
  to: 'warn',
  at: id * 1000,
  value: 90,
  threshold: 85,
  reason: `${signal} high`,
  notice: null,
});

describe('changesOf', () => {
  it('keeps only the signal asked for, in the log order', () => {
    const log = [entry(5, 'disk:/var'), entry(4, 'cpu'), entry(3, 'disk:/'), entry(2, 'disk:/var')];
    expect(changesOf(log, 'disk:/var').map((e) => e.id)).toEqual([5, 2]);
    expect(changesOf(log, 'memory')).toEqual([]);
  });
});

describe('sinceText', () => {
  it('says how long, never less than nothing', () => {
    expect(sinceText(0, 12 * 60_000)).toBe('for 12 min');
    expect(sinceText(5000, 0)).toBe('for 0 s');
  });
});

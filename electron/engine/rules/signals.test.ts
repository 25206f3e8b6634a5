import { describe, expect, it } from 'vitest';
import { makeSample } from '../testing/fakes';
import { formatFor, formatSignalValue, readSignals } from './signals';

describe('readSignals', () => {
  it('derives every signal a sample carries', () => {
    const s = makeSample('h', 0, {
      pollMs: 420,
      load: [9, 6, 3],
      swap: { totalBytes: 1000, usedBytes: 250 },
      disks: [
        { mount: '/', fs: 'ext4', totalBytes: 100, usedBytes: 40, usedPct: 40 },
        { mount: '/var', fs: 'ext4', totalBytes: 100, usedBytes: 70, usedPct: 70 },
      ],
    });
    expect(readSignals(s).map((r) => [r.id, r.label, r.value])).toEqual([
      ['cpu', 'CPU', 20],
      ['iowait', 'iowait', 1],
      ['memory', 'memory', 25],
      ['swap', 'swap', 25],
      ['disk:/', 'disk /', 40],
      ['disk:/var', 'disk /var', 70],
      ['load', 'load per core', 1.5], // 5-minute load over 4 cores
      ['pollLatency', 'poll time', 420],
    ]);
  });

  it('leaves out what the sample does not give: no swap, no CPU % on the first poll, no load', () => {
    const s = makeSample('h', 0, {
      cpu: { cores: 2, busyPct: null, iowaitPct: null, stealPct: null },
      load: null,
    });
    expect(readSignals(s).map((r) => r.id)).toEqual(['memory', 'disk:/', 'pollLatency']);
  });
});

describe('formatting', () => {
  it('reads values and durations as a person would say them', () => {
    expect(formatSignalValue('cpu', 92.6)).toBe('93%');
    expect(formatSignalValue('load', 1.5)).toBe('1.5');
    expect(formatSignalValue('load', 2)).toBe('2');
    expect(formatSignalValue('pollLatency', 1234.4)).toBe('1234 ms');
    expect([30_000, 90_000, 120_000, 3_600_000, 5_400_000].map(formatFor)).toEqual([
      '30 s',
      '90 s',
      '2 min',
      '1 h',
      '1 h 30 min',
    ]);
  });
});

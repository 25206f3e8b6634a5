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

  it('reads inode use per mount, the busiest disk and errors per interface', () => {
    const s = makeSample('h', 0, {
      disks: [
        { mount: '/', fs: 'ext4', totalBytes: 100, usedBytes: 40, usedPct: 40, inodesUsedPct: 91.5 },
        { mount: '/srv', fs: 'btrfs', totalBytes: 100, usedBytes: 10, usedPct: 10, inodesUsedPct: null },
      ],
      diskIo: { readBps: 0, writeBps: 0, busyPct: 87 },
      net: [
        { iface: 'eth0', rxBps: 1, txBps: 1, errPs: 2.5 },
        { iface: 'wg0', rxBps: 1, txBps: 1, errPs: null },
      ],
    });
    const read = readSignals(s).filter((r) => ['inodes', 'diskBusy', 'netErrors'].includes(r.kind));
    expect(read.map((r) => [r.id, r.label, r.value])).toEqual([
      ['inodes:/', 'inodes /', 91.5],
      ['diskBusy', 'disk busy', 87],
      ['netErrors:eth0', 'network errors eth0', 2.5],
    ]);
  });

  it('gives none of the newer signals from a sample stored before they were collected', () => {
    const kinds = readSignals(makeSample('h', 0)).map((r) => r.kind);
    expect(kinds).not.toContain('inodes');
    expect(kinds).not.toContain('diskBusy');
    expect(kinds).not.toContain('netErrors');
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
    expect(formatSignalValue('inodes', 85.2)).toBe('85%');
    expect(formatSignalValue('diskBusy', 99.6)).toBe('100%');
    expect(formatSignalValue('netErrors', 0.5)).toBe('0.5/s');
    expect(formatSignalValue('netErrors', 12)).toBe('12/s');
    expect([30_000, 90_000, 120_000, 3_600_000, 5_400_000].map(formatFor)).toEqual([
      '30 s',
      '90 s',
      '2 min',
      '1 h',
      '1 h 30 min',
    ]);
  });
});

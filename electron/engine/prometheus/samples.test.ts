import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SampleSchema } from '../../../shared/schemas';
import type { PromVectorSample } from './promClient';
import { BOARD_FAMILIES, type BoardFamily } from './queries';
import { buildSamples, parseUp, promNumber } from './samples';

type Fixture = Record<string, { data: { result?: PromVectorSample[] } }>;
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/board.json'), 'utf8')) as Fixture;
const results = Object.fromEntries(BOARD_FAMILIES.map((f) => [f, fixture[f]?.data.result ?? []])) as Record<
  BoardFamily,
  PromVectorSample[]
>;
const hostId = (i: string) => `prom-main:${i}`;

describe('promNumber', () => {
  it('reads Prometheus value text, NaN and infinities as null', () => {
    expect(promNumber('1.5e+00')).toBe(1.5);
    expect(promNumber('NaN')).toBeNull();
    expect(promNumber('+Inf')).toBeNull();
    expect(promNumber('-Inf')).toBeNull();
    expect(promNumber(undefined)).toBeNull();
  });
});

describe('parseUp', () => {
  it('lists every target with its job and whether its last scrape worked', () => {
    expect(parseUp(results.up)).toEqual([
      { instance: '10.0.0.5:9100', job: 'node', up: true },
      { instance: '10.0.0.6:9100', job: 'node', up: false },
      { instance: 'pushgateway:9091', job: 'node', up: true },
    ]);
  });

  it('counts an instance as down when any of its scrapes fails', () => {
    const v = (job: string, up: string): PromVectorSample => ({
      metric: { instance: 'a', job },
      value: [1, up],
    });
    expect(parseUp([v('node', '1'), v('node2', '0')])).toEqual([{ instance: 'a', job: 'node', up: false }]);
  });
});

describe('buildSamples', () => {
  const samples = buildSamples(results, 42, hostId);

  it('builds a valid Sample for a node_exporter target', () => {
    const s = samples.get('10.0.0.5:9100');
    expect(SampleSchema.parse(s)).toEqual(s);
    expect(s).toEqual({
      hostId: 'prom-main:10.0.0.5:9100',
      ts: 1795880000123,
      pollMs: 42,
      cpu: { cores: 8, busyPct: 37.5, iowaitPct: 2.25, stealPct: 0 },
      load: [1.5, 1.25, 0.75],
      mem: { totalBytes: 16e9, usedBytes: 12e9, availableBytes: 4e9 },
      swap: { totalBytes: 2e9, usedBytes: 0.5e9 },
      disks: [
        // df: used = size - free = 70 GB; Use% = 70 / (70 + 25 available).
        { mount: '/', fs: 'ext4', totalBytes: 100e9, usedBytes: 70e9, usedPct: 73.68, inodesUsedPct: 25 },
        // vfat has no inodes: null, not 0% or 100%.
        {
          mount: '/boot/efi',
          fs: 'vfat',
          totalBytes: 0.5e9,
          usedBytes: 0.1e9,
          usedPct: 20,
          inodesUsedPct: null,
        },
      ],
      // Summed over whole disks; the NaN write of nvme0n1 is skipped; busy is the busiest disk.
      diskIo: { readBps: 1500, writeBps: 2000.5, busyPct: 50 },
      net: [
        { iface: 'docker0', rxBps: 10, txBps: 0, errPs: null },
        { iface: 'eth0', rxBps: 12500, txBps: 2500, errPs: 0.5 },
      ],
      uptimeSec: 86400,
      processCount: 312,
    });
  });

  it('fills what a target lacks with the same defaults the schema allows', () => {
    // 10.0.0.6 only has a core count (left from before it went down).
    const s = samples.get('10.0.0.6:9100');
    expect(SampleSchema.safeParse(s).success).toBe(true);
    expect(s).toMatchObject({
      cpu: { cores: 4, busyPct: null, iowaitPct: null, stealPct: null },
      load: null,
      mem: { totalBytes: 0, usedBytes: 0, availableBytes: 0 },
      disks: [],
      diskIo: { readBps: null, writeBps: null, busyPct: null },
      net: [],
    });
  });

  it('gives no Sample to a target without node_exporter series', () => {
    expect(samples.has('pushgateway:9091')).toBe(false);
    expect(buildSamples({}, 1, hostId).size).toBe(0);
  });

  it('clamps percentages to 0..100', () => {
    const v = (metric: string, value: string): PromVectorSample => ({
      metric: { instance: 'x', metric },
      value: [1, value],
    });
    const s = buildSamples(
      { cpu: [v('cores', '2'), v('cpu_idle', '-0.0000001'), v('cpu_iowait', '-0.001')] },
      1,
      hostId,
    );
    expect(s.get('x')?.cpu).toMatchObject({ busyPct: 100, iowaitPct: 0 });
  });
});

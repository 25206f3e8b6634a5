import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unflattenSample } from '../../../shared/metrics';
import type { Sample } from '../../../shared/schemas';
import { makeSample } from '../testing/fakes';
import { Store } from './store';
import { rollupMismatches } from './testing/verifyRollups';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-series-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1, 10, 0, 7);
const STEP = 10_000;
const host = { id: 'h', name: 'db-1', kind: 'ssh' as const, intervalMs: STEP, tags: [] };

/** A poll as this version writes it: inode use, disk busy and network errors included. */
function newSample(ts: number, i: number): Sample {
  return makeSample('h', ts, {
    disks: [
      { mount: '/', fs: 'ext4', totalBytes: 2 ** 30, usedBytes: 2 ** 29, usedPct: 50, inodesUsedPct: 10 + i },
      { mount: '/srv', fs: 'btrfs', totalBytes: 2 ** 30, usedBytes: 0, usedPct: 0, inodesUsedPct: null },
    ],
    diskIo: { readBps: 1000, writeBps: 2000, busyPct: 40 + (i % 10) },
    net: [{ iface: 'eth0', rxBps: 100, txBps: 50, errPs: 0.37 }],
  });
}

describe('a history written before inode, disk busy and network error series existed', () => {
  it('keeps opening, and reads back old and new polls side by side', () => {
    const path = join(dir, 'g.sqlite');
    // The previous version: samples without the new fields, so rows of the old layout only.
    const before = new Store(path);
    before.upsertHost(host, 0);
    for (let i = 0; i < 30; i++) before.writeSample(makeSample('h', T0 + i * STEP));
    const oldLayouts = before.db.prepare('SELECT series FROM layouts').pluck().all() as string[];
    expect(oldLayouts.join()).not.toMatch(/inodes_used_pct|diskio\.busy_pct|err_ps/);
    before.close();

    const s = new Store(path);
    // The latest-sample row of the old version parses, its new fields simply absent.
    expect(s.latestSample('h')?.diskIo).toEqual({ readBps: 1000, writeBps: 2000 });
    for (let i = 30; i < 60; i++) s.writeSample(newSample(T0 + i * STEP, i));
    expect(s.db.prepare('SELECT count(*) FROM layouts').pluck().get()).toBe(2);
    expect(rollupMismatches(s.db)).toEqual([]);

    const end = T0 + 59 * STEP;
    const raw = s.range(
      'h',
      [
        { metric: 'cpu.busy_pct', labels: '' },
        { metric: 'disk.inodes_used_pct', labels: 'mount=/' },
        { metric: 'disk.inodes_used_pct', labels: 'mount=/srv' },
        { metric: 'diskio.busy_pct', labels: '' },
        { metric: 'net.err_ps', labels: 'iface=eth0' },
      ],
      T0,
      end,
      1000,
    );
    expect(raw.tier).toBe('raw');
    expect(raw.series.map((x) => x.length)).toEqual([60, 30, 0, 30, 30]);
    expect(raw.series[1]![0]!.slice(1)).toEqual([40, 40, 40]);
    // Errors per second keep two decimals: a clear level of 0.5/s must be comparable.
    expect(raw.series[4]![0]![1]).toBe(0.37);

    // Coarser buckets mix old and new rows: the new series average only where they exist.
    const coarse = s.range('h', [{ metric: 'diskio.busy_pct', labels: '' }], T0, end, 5);
    expect(coarse.tier).toBe('1m');
    expect(coarse.series[0]!.length).toBeGreaterThan(0);
    expect(coarse.series[0]!.every(([, mean]) => mean >= 40 && mean <= 49)).toBe(true);

    // Time travel: an old poll comes back with nulls, a new one with its values.
    const at = (ts: number): Sample => {
      const found = s.pointsAt('h', ts);
      if (!found) throw new Error(`nothing stored at ${ts}`);
      return unflattenSample('h', found.ts, found.points);
    };
    const old = at(T0 + 10 * STEP);
    expect([old.diskIo.busyPct, old.disks[0]?.inodesUsedPct, old.net[0]?.errPs]).toEqual([null, null, null]);
    const cur = at(end);
    expect(cur.diskIo.busyPct).toBe(49);
    expect(cur.disks.map((d) => [d.mount, d.inodesUsedPct])).toEqual([
      ['/', 69],
      ['/srv', null],
    ]);
    expect(cur.net[0]?.errPs).toBe(0.37);
    s.close();
  });
});

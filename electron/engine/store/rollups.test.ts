import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSample } from '../testing/fakes';
import { decodeRaw, dequantise } from './codec';
import { Store } from './store';
import { rollupMismatches } from './testing/verifyRollups';

const dir = mkdtempSync(join(tmpdir(), 'gb-rollups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1, 9, 58);

function open(path: string, ...hosts: string[]): Store {
  const store = new Store(path);
  for (const id of hosts) store.upsertHost({ id, name: id, kind: 'local', intervalMs: 5000, tags: [] }, 0);
  return store;
}

/** One step of a history: a poll of a host after a gap, or a restart of the store. */
const step = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('poll' as const),
      host: fc.constantFrom('a', 'b'),
      // Mostly a few seconds; sometimes minutes or hours (buckets of every tier close);
      // sometimes negative (the clock went back into a bucket already summarised).
      gapMs: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 500, max: 15_000 }) },
        { weight: 3, arbitrary: fc.integer({ min: 15_000, max: 6 * 60_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 6 * 60_000, max: 2 * 3_600_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: -180_000, max: -1 }) },
      ),
      busy: fc.double({ min: 0, max: 100, noNaN: true }),
      usedGiB: fc.double({ min: 0, max: 16, noNaN: true }),
      // A second disk mounted in some polls: rows of another layout in the same bucket.
      extraDisk: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

describe('rollup tiers', () => {
  it('match min / max / mean recomputed from raw samples, across restarts and clock jumps', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 400, size: 'max' }), (steps) => {
        const path = join(dir, `p${run++}.sqlite`);
        let store = open(path, 'a', 'b');
        const clock = { a: T0, b: T0 + 7_000 };
        try {
          for (const s of steps) {
            if (s.kind === 'restart') {
              store.close();
              store = open(path);
              continue;
            }
            clock[s.host] += s.gapMs;
            const disks = [
              {
                mount: '/',
                fs: 'ext4',
                totalBytes: 100 * 2 ** 30,
                usedBytes: s.usedGiB * 2 ** 30,
                usedPct: s.busy,
              },
              ...(s.extraDisk
                ? [{ mount: '/data', fs: 'xfs', totalBytes: 2 ** 40, usedBytes: 2 ** 39, usedPct: 50 }]
                : []),
            ];
            store.writeSample(
              makeSample(s.host, clock[s.host], {
                cpu: { cores: 4, busyPct: s.busy, iowaitPct: 1, stealPct: 0 },
                disks,
              }),
            );
          }
          expect(rollupMismatches(store.db)).toEqual([]);
        } finally {
          store.close();
          rmSync(path, { force: true });
          rmSync(`${path}-wal`, { force: true });
          rmSync(`${path}-shm`, { force: true });
        }
      }),
      // No shrinking: replaying hundreds of SQLite writes thousands of times takes minutes; the
      // mismatch list already names the tier, bucket and series that went wrong.
      { numRuns: 60, endOnFailure: true },
    );
  }, 120_000);

  it('answer a range from a coarse tier with the same overall min and max as the raw samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), {
          minLength: 30,
          maxLength: 400,
          size: 'max',
        }),
        (values) => {
          const store = open(':memory:', 'h');
          try {
            values.forEach((busy, i) =>
              store.writeSample(
                makeSample('h', T0 + i * 15_000, {
                  cpu: { cores: 2, busyPct: busy, iowaitPct: 0, stealPct: 0 },
                }),
              ),
            );
            const to = T0 + values.length * 15_000;
            const cpu = [{ metric: 'cpu.busy_pct', labels: '' }];
            const coarse = store.range('h', cpu, T0, to, 3);
            const fine = store.range('h', cpu, T0, to, 100_000);
            expect(fine.tier).toBe('raw');
            if (to - T0 > 3 * 15 * 60_000) expect(coarse.tier).not.toBe('raw');
            const mins = (r: typeof fine) => Math.min(...r.series[0]!.map((p) => p[2]));
            const maxs = (r: typeof fine) => Math.max(...r.series[0]!.map((p) => p[3]));
            expect(mins(coarse)).toBeCloseTo(mins(fine), 9);
            expect(maxs(coarse)).toBeCloseTo(maxs(fine), 9);
            // Every sample is counted exactly once, whichever tiers answered.
            const weighted = (r: typeof fine) => r.series[0]!.reduce((n, p) => n + p[1], 0);
            expect(weighted(fine) / values.length).toBeCloseTo(
              values.reduce((a, v) => a + Math.round(v * 100) / 100, 0) / values.length,
              6,
            );
            expect(coarse.series[0]!.length).toBeLessThanOrEqual(3);
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('stores values to their quantum: 0.01 % and 1 KiB', () => {
    const store = open(':memory:', 'h');
    store.writeSample(
      makeSample('h', T0, {
        cpu: { cores: 8, busyPct: 12.3456, iowaitPct: 0, stealPct: 0 },
        mem: { totalBytes: 16 * 2 ** 30, usedBytes: 5_000_000_123, availableBytes: 1 },
      }),
    );
    const at = store.pointsAt('h', T0)!;
    const get = (m: string) => at.points.find((p) => p[0] === m)?.[2];
    expect(get('cpu.busy_pct')).toBe(12.35);
    expect(Math.abs(get('mem.used_bytes')! - 5_000_000_123)).toBeLessThanOrEqual(512);
    expect(get('cpu.cores')).toBe(8);
    const row = store.db.prepare('SELECT vals FROM raw').pluck().get() as Buffer;
    expect(dequantise(decodeRaw(row, 1)[0]!, 100)).toBe(12.35);
    store.close();
  });
});

import { describe, expect, it } from 'vitest';
import { makeSample } from '../testing/fakes';
import { Store } from './store';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const DAYS = { raw: 1, '1m': 2, '15m': 3, '1h': 30 };

/** Four days of one host at one poll a minute, CPU = the poll's number. */
function fourDays(): Store {
  const s = new Store(':memory:');
  s.upsertHost({ id: 'h', name: 'h', kind: 'local', intervalMs: 60_000, tags: [] }, 0);
  const batch = [];
  for (let i = 0; i < 4 * 1440; i++)
    batch.push(
      makeSample('h', T0 + i * 60_000, { cpu: { cores: 1, busyPct: i % 100, iowaitPct: 0, stealPct: 0 } }),
    );
  s.writeSamples(batch);
  return s;
}

const count = (s: Store, table: string): number =>
  s.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const oldest = (s: Store, table: string): number =>
  s.db.prepare(`SELECT min(ts) FROM ${table}`).pluck().get() as number;

describe('retention', () => {
  it('deletes each tier past its age in small steps, and charts fall back to coarser tiers', () => {
    const s = fourDays();
    const now = T0 + 4 * DAY;
    const steps: number[] = [];
    for (let n; (n = s.pruneStep(now, DAYS, 500)) > 0;) steps.push(n);
    expect(Math.max(...steps)).toBeLessThanOrEqual(500);
    expect(oldest(s, 'raw')).toBeGreaterThanOrEqual(now - 1 * DAY);
    expect(oldest(s, 'rollup_1m')).toBeGreaterThanOrEqual(now - 2 * DAY);
    expect(oldest(s, 'rollup_15m')).toBeGreaterThanOrEqual(now - 3 * DAY);
    expect(oldest(s, 'rollup_1h')).toBe(T0);
    expect(count(s, 'raw')).toBe(1440);
    // The whole four days still chart: the first day from the 1 h tier only.
    const r = s.range('h', [{ metric: 'cpu.busy_pct', labels: '' }], T0, now, 96);
    expect(r.tier).toBe('1h');
    expect(r.series[0]![0]![0]).toBe(T0);
    expect(r.series[0]!.length).toBe(96);
    // Time travel into the first day answers from the finest tier that still holds it.
    expect(s.pointsAt('h', T0 + 90 * 60_000)?.tier).toBe('1h');
    expect(s.pointsAt('h', now - 60_000)?.tier).toBe('raw');
    s.close();
  });

  it('answers a short range from raw polls even when it starts before the first one', () => {
    const s = new Store(':memory:');
    s.upsertHost({ id: 'h', name: 'h', kind: 'local', intervalMs: 2000, tags: [] }, 0);
    const t = T0 + 90_000; // mid-minute: the 1 min bucket starts before the first poll
    s.writeSamples([0, 2000, 4000, 70_000].map((d) => makeSample('h', t + d)));
    const r = s.range('h', [{ metric: 'cpu.busy_pct', labels: '' }], t + 70_000 - 900_000, t + 70_000, 450);
    expect(r.tier).toBe('raw');
    expect(r.series[0]!.length).toBe(4);
    s.close();
  });

  it('never deletes raw rows a rollup has not summarised yet, however old', () => {
    const s = new Store(':memory:');
    s.upsertHost({ id: 'h', name: 'h', kind: 'local', intervalMs: 5000, tags: [] }, 0);
    // Three polls in one minute, then Greenboard stopped: that minute's bucket never closed.
    s.writeSamples([0, 5000, 10_000].map((d) => makeSample('h', T0 + d)));
    while (s.pruneStep(T0 + 100 * DAY, DAYS) > 0);
    expect(count(s, 'raw')).toBe(3);
    // The next poll, months later, closes it: the rollup holds all three.
    s.writeSample(makeSample('h', T0 + 100 * DAY));
    expect(s.db.prepare('SELECT n FROM rollup_1m WHERE ts = ?').pluck().get(T0)).toBe(3);
    while (s.pruneStep(T0 + 100 * DAY, DAYS) > 0);
    expect(count(s, 'raw')).toBe(1);
    s.close();
  });
});

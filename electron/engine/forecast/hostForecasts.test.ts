import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Forecast } from '../../../shared/forecasts';
import { Store } from '../store/store';
import { hostForecasts } from './hostForecasts';
import { DAY, GIB, HOUR, noise, writeHistory, type DiskAt } from './testing/syntheticHistory';

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const STEP = 5 * 60_000;
let dir = '';
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-forecast-'));
  store = new Store(join(dir, 'greenboard.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function forecasts(mounts: string[], now = NOW): Map<string, Forecast> {
  return new Map(hostForecasts(store, 'h1', mounts, true, now).map((f) => [f.id, f]));
}

/** The days and range a forecast prints: "about 4 days (3–5)". */
function printed(text: string): { days: number; lo: number; hi: number } {
  const m = /about (\d+) days? \((\d+)–(\d+)\)/.exec(text);
  if (!m) throw new Error(`no day range in "${text}"`);
  return { days: Number(m[1]), lo: Number(m[2]), hi: Number(m[3]) };
}

const disk = (mount: string, totalGiB: number, usedGiB: number, inodesUsedPct?: number): DiskAt => ({
  mount,
  totalBytes: totalGiB * GIB,
  usedBytes: usedGiB * GIB,
  inodesUsedPct: inodesUsedPct ?? null,
});

describe('disk forecasts from the rollup tiers', () => {
  it('a steady fill: full in about 4 days, and the printed range holds the true date', () => {
    const jitter = noise(7);
    // 5 GiB a day from 55 GiB five days ago: 80 GiB of 100 now, full in 4 days.
    writeHistory(store, 'h1', NOW - 5 * DAY, NOW, STEP, (ts) => ({
      disks: [disk('/var', 100, 80 + (5 * (ts - NOW)) / DAY + 0.1 * jitter())],
    }));
    const f = forecasts(['/var']).get('disk:/var')!;
    expect(f.status).toBe('filling');
    expect(f.state).toBe('amber');
    const p = printed(f.text);
    expect(f.text).toMatch(/^\/var full in about 4 days \(\d+–\d+\)$/);
    expect(p.lo).toBeLessThanOrEqual(4);
    expect(p.hi).toBeGreaterThanOrEqual(4);
    const trueTs = NOW + 4 * DAY;
    expect(f.etaLowTs!).toBeLessThanOrEqual(trueTs);
    expect(f.etaHighTs!).toBeGreaterThanOrEqual(trueTs);
    expect(f.slopePerDay! / GIB).toBeCloseTo(5, 0);
    expect(f.confidence).toBe('high');
    expect(f.line).toMatchObject({ fromTs: NOW, toValue: 100 });
    expect(f.line!.fromValue).toBeCloseTo(80, 0);
  });

  it('a nightly burst (a backup that fills the disk to 98 % for 40 min) does not fire', () => {
    // Flat at 70 GiB, slowly growing 0.1 GiB a day; every night 02:00–02:40 at 98 GiB.
    writeHistory(store, 'h1', NOW - 7 * DAY, NOW, STEP, (ts) => {
      const intoDay = (((ts % DAY) + DAY) % DAY) / HOUR;
      const burst = intoDay >= 2 && intoDay < 2 + 40 / 60;
      return { disks: [disk('/var', 100, burst ? 98 : 70 + (0.1 * (ts - NOW)) / DAY)] };
    });
    const f = forecasts(['/var']).get('disk:/var')!;
    // 30 GiB to go at 0.1 GiB a day: about 300 days, green; the bursts did not move the fit.
    expect(f.state).toBe('green');
    const p = printed(f.text);
    expect(p.lo).toBeGreaterThan(200);
    expect(p.hi).toBeGreaterThanOrEqual(300);
    expect(f.fromTs!).toBeLessThan(NOW - 6 * DAY); // no burst was read as a reset
    // With only a day and a half (read at 15 min, so each burst fills several buckets): still green.
    const young = forecasts(['/var'], NOW - 5.5 * DAY).get('disk:/var')!;
    expect(young.state).toBe('green');
    expect(young.fromTs!).toBeLessThan(NOW - 6.9 * DAY);
  });

  it('a slow cleanup (usage falling) is not filling', () => {
    writeHistory(store, 'h1', NOW - 6 * DAY, NOW, STEP, (ts) => ({
      disks: [disk('/var', 100, 60 + (2 * (ts - NOW)) / -DAY)],
    }));
    const f = forecasts(['/var']).get('disk:/var')!;
    expect(f.status).toBe('not_filling');
    expect(f.slopePerDay!).toBeLessThan(0);
    expect(f.text).toBe('/var not filling');
    expect(f.line).toBeNull();
  });

  it('a cleanup that frees half the disk starts the fit again from the drop', () => {
    // Filling fast (amber) until 36 h ago, then cleaned from 90 to 40 GiB and flat since.
    const drop = NOW - 36 * HOUR;
    writeHistory(store, 'h1', NOW - 5 * DAY, NOW, STEP, (ts) => ({
      disks: [disk('/var', 100, ts < drop ? 90 + (8 * (ts - drop)) / DAY : 40)],
    }));
    const f = forecasts(['/var']).get('disk:/var')!;
    expect(f.status).toBe('not_filling');
    expect(f.fromTs!).toBeGreaterThanOrEqual(drop - HOUR);
    // Twelve hours after the drop there is not a day to fit yet: said, not guessed.
    const early = forecasts(['/var'], drop + 12 * HOUR).get('disk:/var')!;
    expect(early.status).toBe('needs_history');
    expect(early.text).toMatch(/^\/var: needs a day of history since usage dropped; 1[12] h so far$/);
    expect(early.state).toBe('green');
  });

  it('a new disk mid-range is fitted from when it appeared, at 15-minute buckets', () => {
    const mounted = NOW - 30 * HOUR;
    writeHistory(store, 'h1', NOW - 6 * DAY, NOW, STEP, (ts) => ({
      disks: [
        disk('/', 100, 40),
        ...(ts >= mounted ? [disk('/data', 100, 2 + (20 * (ts - mounted)) / DAY)] : []),
      ],
    }));
    const f = forecasts(['/', '/data']).get('disk:/data')!;
    expect(f.status).toBe('filling');
    expect(f.fromTs!).toBeGreaterThanOrEqual(mounted);
    expect(f.points).toBeGreaterThan(100); // 30 h of 15 min buckets, not 15 of 2 h
    // Now at 27 GiB, 20 GiB a day: 73 GiB to go, 3.65 days.
    const p = printed(f.text);
    expect(p.lo).toBeLessThanOrEqual(3.65);
    expect(p.hi).toBeGreaterThanOrEqual(3.65);
    expect(forecasts(['/', '/data']).get('disk:/')!.status).toBe('not_filling');
    // Five hours after it was mounted: too little history, in words.
    const young = forecasts(['/', '/data'], mounted + 5 * HOUR).get('disk:/data')!;
    expect(young.status).toBe('needs_history');
    expect(young.text).toBe('/data: needs a day of history; 5 h so far');
  });

  it('a resized disk is fitted since the resize, against its new size', () => {
    const resized = NOW - 40 * HOUR;
    writeHistory(store, 'h1', NOW - 6 * DAY, NOW, STEP, (ts) => ({
      disks: [disk('/var', ts < resized ? 100 : 200, 90 + (4 * (ts - NOW)) / DAY + (ts < resized ? 0 : 0))],
    }));
    const f = forecasts(['/var']).get('disk:/var')!;
    expect(f.fromTs!).toBeGreaterThanOrEqual(resized);
    expect(f.limit).toBe(200 * GIB);
    // 110 GiB to go at 4 GiB a day: 27.5 days.
    const p = printed(f.text);
    expect(p.lo).toBeLessThanOrEqual(27.5);
    expect(p.hi).toBeGreaterThanOrEqual(27.5);
    expect(f.state).toBe('green');
  });

  it('inodes running out are forecast in percent', () => {
    writeHistory(store, 'h1', NOW - 3 * DAY, NOW, STEP, (ts) => ({
      disks: [disk('/srv', 100, 10, 91 + (3 * (ts - NOW)) / DAY)],
    }));
    const f = forecasts(['/srv']).get('inodes:/srv')!;
    expect(f.unit).toBe('pct');
    expect(f.text).toMatch(/^\/srv inodes run out in about 3 days \(\d+–\d+\)$/);
    expect(f.state).toBe('amber');
  });

  it('a memory leak with a restart (a counter reset) is fitted since the restart', () => {
    const restart = NOW - 36 * HOUR;
    const jitter = noise(3);
    writeHistory(store, 'h1', NOW - 5 * DAY, NOW, STEP, (ts) => ({
      disks: [],
      memTotalBytes: 16 * GIB,
      memUsedBytes:
        (ts < restart ? 4 + (3 * (ts - (NOW - 5 * DAY))) / DAY : 2 + (0.5 * (ts - restart)) / DAY) * GIB +
        0.05 * GIB * jitter(),
    }));
    const f = forecasts([]).get('memory')!;
    expect(f.fromTs!).toBeGreaterThanOrEqual(restart);
    expect(f.slopePerDay! / GIB).toBeCloseTo(0.5, 1);
    expect(f.text).toMatch(
      /^used memory grows 5\d\d MiB a day: a leak\? \(full in about \d+ days \(\d+–\d+\)\)$/,
    );
  });

  it('slow memory growth close to full still runs out, without being called a leak', () => {
    // 15.5 of 16 GiB, growing 0.1 GiB a day (0.6 % of the total): full in 5 days, amber.
    writeHistory(store, 'h1', NOW - 3 * DAY, NOW, STEP, (ts) => ({
      disks: [],
      memTotalBytes: 16 * GIB,
      memUsedBytes: (15.5 + (0.1 * (ts - NOW)) / DAY) * GIB,
    }));
    const f = forecasts([]).get('memory')!;
    expect(f.state).toBe('amber');
    expect(f.text).toMatch(/^used memory grows 10\d MiB a day \(full in about 5 days \(\d+–\d+\)\)$/);
  });

  it('steady memory says so', () => {
    writeHistory(store, 'h1', NOW - 2 * DAY, NOW, STEP, () => ({ disks: [] }));
    expect(forecasts([]).get('memory')!.text).toBe('used memory steady');
  });

  it('a host with no history has no fit, and says how much it has', () => {
    const f = forecasts(['/']);
    expect(f.get('disk:/')!.status).toBe('needs_history');
    expect(f.get('disk:/')!.text).toBe('/: needs a day of history; 0 min so far');
  });
});

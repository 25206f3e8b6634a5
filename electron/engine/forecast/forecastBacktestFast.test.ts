import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCollect } from '../rules/episodes';
import { Store } from '../store/store';
import { forecastBacktest } from './forecastBacktest';
import { DAY, GIB, HOUR, noise, writeHistory } from './testing/syntheticHistory';

// The quick replay (one read of the range, quiet fits passed over) against the exact one (a
// store read per fit, every fit made), over histories that rise, clear, burst and begin mid-range.
const END = Date.UTC(2026, 4, 20, 0, 0, 0);
const FROM = END - 21 * DAY;
let dir = '';
let store: Store;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-forecast-fast-'));
  store = new Store(join(dir, 'greenboard.sqlite'));
  const step = 10 * 60_000;
  const n = noise(7);
  // Fills 4 GiB a day, amber then red, then cleaned up on day 17 (clears).
  writeHistory(store, 'fill', FROM, END, step, (ts) => {
    const day = (ts - FROM) / DAY;
    const used = day < 17 ? 30 + 4 * day : 35 + 0.2 * (day - 17);
    return { disks: [{ mount: '/var', totalBytes: 100 * GIB, usedBytes: (used + 0.2 * n()) * GIB }] };
  });
  // Flat with a 40-minute burst every night: never fires.
  writeHistory(store, 'bursts', FROM, END, step, (ts) => {
    const night = (ts % DAY) - 2 * HOUR;
    const used = 50 + (night >= 0 && night < 40 * 60_000 ? 30 : 0) + 0.3 * n();
    return { disks: [{ mount: '/', totalBytes: 100 * GIB, usedBytes: used * GIB }] };
  });
  // A disk that appears on day 12 and fills fast (short segments, read again at 15 minutes).
  writeHistory(store, 'newdisk', FROM, END, step, (ts) => {
    const day = (ts - FROM) / DAY;
    const disks = [{ mount: '/', totalBytes: 50 * GIB, usedBytes: (20 + 0.1 * n()) * GIB }];
    if (day >= 12)
      disks.push({ mount: '/data', totalBytes: 100 * GIB, usedBytes: (5 + 9 * (day - 12)) * GIB });
    return { disks };
  });
  // Memory that leaks 1.5 GiB a day of 16 GiB, restarted on day 9.
  writeHistory(store, 'leak', FROM, END, step, (ts) => {
    const day = (ts - FROM) / DAY;
    const since = day < 9 ? day : day - 9;
    return {
      memTotalBytes: 16 * GIB,
      memUsedBytes: Math.min(15.9, 2 + 1.5 * since + 0.05 * n()) * GIB,
      disks: [{ mount: '/', totalBytes: 100 * GIB, usedBytes: 40 * GIB }],
    };
  });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const hosts = ['fill', 'bursts', 'newdisk', 'leak'].map((id) => ({ id, name: id }));

describe('the quick forecast replay', () => {
  it('finds exactly the episodes of the exact replay, with fewer fits', () => {
    const exact = newCollect();
    const slow = forecastBacktest({ hosts, from: FROM + 7 * DAY, to: END, store }, exact, { exact: true });
    const quick = newCollect();
    const fast = forecastBacktest({ hosts, from: FROM + 7 * DAY, to: END, store }, quick);

    const episodes = exact.episodes.episodes();
    // The histories do rise and clear, so the comparison is about something.
    expect(new Set(episodes.map((e) => e.hostId))).toEqual(new Set(['fill', 'newdisk', 'leak']));
    expect(episodes.some((e) => e.endTs !== null)).toBe(true);
    expect(quick.episodes.episodes()).toEqual(episodes);
    expect(quick.episodes.total).toBe(exact.episodes.total);
    expect(slow.passed).toBe(0);
    expect(fast.passed).toBeGreaterThan(0);
    expect(fast.fits + fast.passed).toBe(slow.fits);
  });

  it('agrees on a range that starts and ends mid-bucket', () => {
    const from = FROM + 8 * DAY + 37 * 60_000;
    const to = END - 3 * HOUR - 11 * 60_000;
    const exact = newCollect();
    forecastBacktest({ hosts, from, to, store }, exact, { exact: true });
    const quick = newCollect();
    forecastBacktest({ hosts, from, to, store }, quick);
    expect(exact.episodes.total).toBeGreaterThan(0);
    expect(quick.episodes.episodes()).toEqual(exact.episodes.episodes());
  });
});

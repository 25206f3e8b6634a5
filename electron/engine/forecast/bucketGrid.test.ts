import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/store';
import { readGrid, type BucketGrid, type Plan } from './bucketGrid';
import { hostForecasts } from './hostForecasts';
import { DAY, GIB, HOUR, noise, writeHistory } from './testing/syntheticHistory';

const NOW = Date.UTC(2026, 2, 10, 12, 7, 0);
const STEP = 5 * 60_000;
let dir = '';
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-forecast-grid-'));
  store = new Store(join(dir, 'greenboard.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const PLANS: Plan[] = [
  {
    value: { metric: 'disk.used_bytes', labels: 'mount=/var' },
    limit: { metric: 'disk.total_bytes', labels: 'mount=/var' },
    use: 'max',
  },
  { value: { metric: 'mem.used_bytes', labels: '' }, limit: null, use: 'mean' },
];

function shape(ts: number) {
  const jitter = noise(Math.floor(ts / STEP));
  return {
    disks: [
      { mount: '/var', totalBytes: 100 * GIB, usedBytes: (50 + (2 * (ts - NOW)) / DAY + jitter()) * GIB },
    ],
    memUsedBytes: (4 + Math.sin(ts / HOUR)) * GIB,
  };
}

const plain = (g: BucketGrid) => ({
  start: g.start,
  count: g.count,
  series: g.series.map((s) => ({ y: [...s.y], lo: s.lo && [...s.lo], hi: s.hi && [...s.hi] })),
});

describe('a host’s buckets kept between refreshes', () => {
  it('moved on and topped up, equal a fresh read of the same window', () => {
    writeHistory(store, 'h1', NOW - 8 * DAY, NOW, STEP, shape);
    const WEEK = 7 * DAY;
    let kept = readGrid(store, 'h1', PLANS, NOW - WEEK, NOW, 2 * HOUR);
    // Refreshes 15 minutes apart while polls keep arriving, across several bucket boundaries.
    for (let now = NOW; now < NOW + 5 * HOUR;) {
      const next = now + 15 * 60_000;
      writeHistory(store, 'h1', now + STEP, next, STEP, shape);
      now = next;
      kept = readGrid(store, 'h1', PLANS, now - WEEK, now, 2 * HOUR, kept);
      expect(plain(kept)).toEqual(plain(readGrid(store, 'h1', PLANS, now - WEEK, now, 2 * HOUR)));
    }
  });

  it('is read afresh for other plans (a mount came or went) or a jump past the window', () => {
    writeHistory(store, 'h1', NOW - 2 * DAY, NOW, STEP, shape);
    const kept = readGrid(store, 'h1', PLANS, NOW - DAY, NOW, 2 * HOUR);
    const other = readGrid(store, 'h1', PLANS.slice(0, 1), NOW - DAY, NOW, 2 * HOUR, kept);
    expect(other.series).toHaveLength(1);
    expect(plain(other)).toEqual(plain(readGrid(store, 'h1', PLANS.slice(0, 1), NOW - DAY, NOW, 2 * HOUR)));
    const later = readGrid(store, 'h1', PLANS, NOW + 3 * DAY, NOW + 4 * DAY, 2 * HOUR, kept);
    expect(later.series[0]!.y.every((v) => Number.isNaN(v))).toBe(true);
  });

  it('the refresh’s quick look gives the same colours as the full fit', () => {
    // /var fills to amber, /big fills slowly, /flat is flat with a nightly burst.
    writeHistory(store, 'h1', NOW - 6 * DAY, NOW, STEP, (ts) => {
      const night = ((ts % DAY) + DAY) % DAY < 40 * 60_000;
      return {
        disks: [
          { mount: '/var', totalBytes: 100 * GIB, usedBytes: (80 + (5 * (ts - NOW)) / DAY) * GIB },
          { mount: '/big', totalBytes: 1000 * GIB, usedBytes: (300 + (ts - NOW) / DAY) * GIB },
          { mount: '/flat', totalBytes: 100 * GIB, usedBytes: (night ? 97 : 60) * GIB },
        ],
      };
    });
    const mounts = ['/var', '/big', '/flat'];
    const states = (quick: boolean) =>
      hostForecasts(store, 'h1', mounts, true, NOW, { quick }).map((f) => `${f.id}:${f.state}`);
    expect(states(true)).toEqual(states(false));
    expect(states(true)).toContain('disk:/var:amber');
  });
});

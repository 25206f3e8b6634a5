import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../clock';
import { assembleEngine } from '../createEngine';
import { Store } from '../store/store';
import { FakeClock } from '../testing/fakes';
import { DAY, GIB, writeHistory } from './testing/syntheticHistory';

const END = Date.UTC(2026, 2, 10, 12, 0, 0);
let dir = '';
const savedTmp = process.env.TMPDIR;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-forecast-review-'));
  // The review copy goes to os.tmpdir(): this test's own folder, removed after.
  process.env.TMPDIR = dir;
});
afterEach(() => {
  process.env.TMPDIR = savedTmp;
  rmSync(dir, { recursive: true, force: true });
});

it('a saved history is forecast as of its last sample, not as of today', async () => {
  const file = join(dir, 'saved', 'greenboard.sqlite');
  const store = new Store(file);
  writeHistory(store, 'db-1', END - 4 * DAY, END, 10 * 60_000, (ts) => ({
    disks: [{ mount: '/var', totalBytes: 100 * GIB, usedBytes: (80 + (5 * (ts - END)) / DAY) * GIB }],
  }));
  store.close();
  // Opened a month later: "today" would put /var long past full, and the fit a month stale.
  const engine = assembleEngine({
    dataDir: join(dir, 'data'),
    mode: 'headless',
    history: file,
    clock: new FakeClock(END + 30 * DAY),
    logger: silentLogger,
  });
  try {
    const out = await engine.api['forecasts:host']({ hostId: 'db-1' });
    expect(out.at).toBe(END);
    const var_ = out.forecasts.find((f) => f.id === 'disk:/var')!;
    expect(var_.text).toMatch(/^\/var full in about 4 days \(\d+–\d+\)$/);
  } finally {
    await engine.stop();
  }
});

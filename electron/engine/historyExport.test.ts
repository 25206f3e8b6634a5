import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/dispatch';
import { silentLogger } from './clock';
import { assembleEngine, type Engine } from './createEngine';
import { openHistoryCopy } from './store/historyCopy';
import { FakeClock, makeSample } from './testing/fakes';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-export-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const START = Date.UTC(2026, 0, 1, 14, 0, 0);
const MIN = 60_000;
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

/** A live engine (not started: nothing polls) holding ten minutes of two hosts. */
function liveEngine(): Engine {
  const engine = assembleEngine({
    dataDir: join(dir, 'data'),
    mode: 'headless',
    clock: new FakeClock(START + 10 * MIN),
    logger: silentLogger,
    createCollector: () => null,
  });
  engine.store.upsertHost(
    {
      id: 'db-1',
      name: 'db-1',
      kind: 'ssh',
      intervalMs: 5000,
      tags: [],
      ssh: { user: 'o', host: 'h', port: 22 },
    },
    0,
  );
  for (let i = 0; i < 10; i++) {
    engine.store.writeSample(makeSample('local', START + i * MIN));
    engine.store.writeSample(makeSample('db-1', START + i * MIN));
  }
  return engine;
}

describe('history:export', () => {
  it('writes a timestamped history file into exports/ that opens as a Greenboard history', async () => {
    const engine = liveEngine();
    try {
      const r = await engine.api['history:export']({ format: 'sqlite' });
      expect(r.path).toBe(join(dir, 'data', 'exports', 'greenboard-2026-01-01T14-10-00Z.sqlite'));
      expect(r.files).toEqual([r.path]);
      expect(r.hosts.sort()).toEqual(['db-1', 'local']);
      expect(r).toMatchObject({ format: 'sqlite', fromTs: START, toTs: START + 9 * MIN });
      expect(r.values).toBeGreaterThan(0);
      expect(r.bytes).toBeGreaterThan(0);
      const opened = openHistoryCopy(r.path);
      expect(opened.store.listHosts().map((h) => h.id)).toEqual(expect.arrayContaining(['db-1', 'local']));
      opened.store.close();
      opened.cleanup();

      // A second export in the same second gets its own name: nothing is overwritten.
      const again = await engine.api['history:export']({ format: 'sqlite' });
      expect(again.path).toBe(join(dirname(r.path), 'greenboard-2026-01-01T14-10-00Z-2.sqlite'));
    } finally {
      await engine.stop();
    }
  });

  it('cuts to the hosts and time range asked for, and writes CSVs only when asked for CSV', async () => {
    const engine = liveEngine();
    try {
      const r = await engine.api['history:export']({
        format: 'csv',
        from: START + 2 * MIN,
        to: START + 4 * MIN,
        hostIds: ['db-1'],
      });
      expect(r.format).toBe('csv');
      expect(r.path).toBe(join(dir, 'data', 'exports', 'greenboard-2026-01-01T14-10-00Z-csv'));
      // Named by the host's name and a hash of its id (host ids come from data; see safeName.ts).
      expect(r.files).toEqual([expect.stringMatching(/\/db-1-[0-9a-f]{12}\.csv$/)]);
      expect(dirname(r.files[0]!)).toBe(r.path);
      expect(r).toMatchObject({ hosts: ['db-1'], fromTs: START + 2 * MIN, toTs: START + 4 * MIN });
      const csv = readFileSync(r.files[0]!, 'utf8').trim().split('\n');
      expect(csv[0]).toBe('time,metric,labels,value');
      expect(csv.length - 1).toBe(r.values);
      expect(csv.slice(1).every((l) => /^2026-01-01T14:0[2-4]:00\.000Z,/.test(l))).toBe(true);
      expect(r.bytes).toBeGreaterThan(0);
    } finally {
      await engine.stop();
    }
  });

  it('carries the alert log into the cut: changes in the range, and the state it opens with', async () => {
    const engine = liveEngine();
    const row = (hostId: string, signal: string, to: 'ok' | 'critical', min: number) =>
      engine.alerting.log.insert({
        hostId,
        signal,
        kind: signal,
        from: to === 'ok' ? 'critical' : 'ok',
        to,
        at: START + min * MIN,
        value: null,
        threshold: null,
        reason: `${signal} at ${min}`,
        notice: null,
      });
    row('db-1', 'cpu', 'critical', 0.5); // superseded before the range: dropped
    row('db-1', 'cpu', 'ok', 1); // the state cpu is in when the range opens: kept
    row('db-1', 'disk:/', 'critical', 3); // in the range: kept
    row('db-1', 'cpu', 'critical', 6); // after the range: dropped
    row('local', 'cpu', 'critical', 3); // another host: dropped
    try {
      const r = await engine.api['history:export']({
        format: 'sqlite',
        from: START + 2 * MIN,
        to: START + 4 * MIN,
        hostIds: ['db-1'],
      });
      const opened = openHistoryCopy(r.path);
      const reasons = opened.store.db.prepare('SELECT reason FROM alert_log ORDER BY id').pluck().all();
      expect(reasons).toEqual(['cpu at 1', 'disk:/ at 3']);
      opened.store.close();
      opened.cleanup();
    } finally {
      await engine.stop();
    }
  });

  it('says which hosts exist when asked for one that does not, over the same dispatch as IPC', async () => {
    const engine = liveEngine();
    try {
      const res = await dispatch(engine.api, 'history:export', { format: 'sqlite', hostIds: ['nope'] });
      expect(res).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(!res.ok && res.error.message).toContain('It holds: db-1, local');
      const bad = await dispatch(engine.api, 'history:export', { from: 10, to: 5 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    } finally {
      await engine.stop();
    }
  });

  it('exports from a reviewed (read-only) history and leaves the reviewed file untouched', async () => {
    const live = liveEngine();
    const file = live.store.path;
    await live.stop();
    const before = sha(file);
    const review = assembleEngine({
      dataDir: join(dir, 'elsewhere'),
      mode: 'headless',
      logger: silentLogger,
      history: file,
    });
    try {
      const r = await review.api['history:export']({ format: 'sqlite', hostIds: ['local'] });
      expect(r.path.startsWith(join(dir, 'elsewhere', 'exports'))).toBe(true);
      expect(existsSync(r.path)).toBe(true);
      expect(r.hosts).toEqual(['local']);
      expect(r.values).toBeGreaterThan(0);
    } finally {
      await review.stop();
    }
    expect(sha(file)).toBe(before);
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../shared/dispatch';
import { silentLogger } from '../clock';
import { assembleEngine, type Engine } from '../createEngine';
import { FakeClock, ScriptedCollector } from '../testing/fakes';
import { logFileFor } from './fileLogger';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-englog-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Rec = {
  level: string;
  msg: string;
  method?: string;
  err?: { type: string; message: string; stack: string };
} & Record<string, unknown>;
const records = (file: string): Rec[] =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Rec);

function engineIn(dataDir: string, clock = new FakeClock()): Engine {
  return assembleEngine({
    dataDir,
    mode: 'headless',
    version: '9.9.9',
    clock,
    createCollector: (h, c) => new ScriptedCollector(h.id, c),
  });
}

describe('the engine log', () => {
  it('is in the data folder, named by app:info, with start, host state changes and stop at info', async () => {
    const clock = new FakeClock();
    const engine = engineIn(join(dir, 'data'), clock);
    const file = logFileFor(join(dir, 'data'));
    expect((await engine.api['app:info']({})).logFile).toBe(file);
    engine.start();
    await clock.advance(5_000);
    await engine.stop();
    const recs = records(file);
    expect(recs[0]).toMatchObject({ level: 'info', msg: 'Greenboard started (headless)', version: '9.9.9' });
    expect(recs).toContainEqual(
      expect.objectContaining({ level: 'info', hostId: 'local', from: 'waiting', to: 'green' }),
    );
    expect(recs.at(-1)).toMatchObject({ level: 'info', msg: 'Greenboard stopped' });
  });

  it('logs a handler that throws with its stack and method, and the answer names the log', async () => {
    const engine = engineIn(join(dir, 'data'));
    try {
      vi.spyOn(engine.store, 'timeRange').mockImplementation(() => {
        throw new TypeError("Cannot read properties of undefined (reading 'ts')");
      });
      const res = await dispatch(engine.api, 'app:info', {}, engine.dispatchOptions);
      const file = logFileFor(join(dir, 'data'));
      expect(res).toEqual({
        ok: false,
        error: {
          code: 'internal',
          message: `Internal error: Cannot read properties of undefined (reading 'ts'). Details are in ${file}.`,
        },
      });
      const errors = records(file).filter((r) => r.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ method: 'app:info', err: { type: 'TypeError' } });
      expect(errors[0]?.err?.stack).toMatch(/TypeError: Cannot read properties[\s\S]*engineLog\.test\.ts/);
    } finally {
      await engine.stop();
    }
  });

  it('does not log bad input or an answer such as "not found" as an internal error', async () => {
    const engine = engineIn(join(dir, 'data'));
    try {
      const bad = await dispatch(engine.api, 'metrics:range', { hostId: 7 }, engine.dispatchOptions);
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      const missing = await dispatch(engine.api, 'hosts:remove', { hostId: 'nope' }, engine.dispatchOptions);
      expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(records(logFileFor(join(dir, 'data'))).filter((r) => r.level === 'error')).toEqual([]);
    } finally {
      await engine.stop();
    }
  });

  it('reviewing a file logs to the data folder, never beside the reviewed file', async () => {
    const rec = assembleEngine({ dataDir: join(dir, 'rec'), mode: 'headless', logger: silentLogger });
    await rec.stop();
    mkdirSync(join(dir, 'saved'));
    const file = join(dir, 'saved', 'history.sqlite');
    renameSync(rec.store.path, file);
    const review = assembleEngine({ dataDir: join(dir, 'data'), mode: 'headless', history: file });
    review.start();
    expect((await review.api['app:info']({})).logFile).toBe(logFileFor(join(dir, 'data')));
    await review.stop();
    expect(readdirSync(join(dir, 'saved'))).toEqual(['history.sqlite']);
    expect(records(logFileFor(join(dir, 'data')))[0]?.msg).toContain(`reviewing ${file}`);
  });
});

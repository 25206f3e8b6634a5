import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodOutput } from '../../../shared/contract';
import type { MethodName } from '../../../shared/channels';
import { dispatch } from '../../../shared/dispatch';
import { GreenboardError } from '../../../shared/errors';
import { silentLogger } from '../clock';
import { LOCAL_HOST_ID } from '../../../shared/hosts';
import { assembleEngine, type Engine } from '../createEngine';
import { FakeClock, ScriptedCollector } from '../testing/fakes';

// Whole engine: a saved history is opened read-only by the engine (buildApi's guard), and the
// export that cuts it is the engine's (history:export); the incidents are made in a live one.
let dir: string;
let clock: FakeClock;
let collector: ScriptedCollector;
let engine: Engine;

const MIN = 60_000;
const RED = { mem: { totalBytes: 100, usedBytes: 97, availableBytes: 3 } };

function boot(): Engine {
  engine = assembleEngine({
    dataDir: dir,
    mode: 'headless',
    clock,
    logger: silentLogger,
    localIntervalMs: 2000,
    createCollector: (host, c) => (collector = new ScriptedCollector(host.id, c)),
  });
  return engine;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-incidents-'));
  clock = new FakeClock();
  boot();
  await engine.api['settings:set']({ rules: { defaults: { memory: { forMs: 0 } }, tags: {}, hosts: {} } });
});

afterEach(async () => {
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Through the contract, as both transports call it: input parsed, defaults filled in. */
async function call<M extends MethodName>(
  e: Engine,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const r = await dispatch(e.api, method, input);
  if (!r.ok) throw new GreenboardError(r.error.code, r.error.message, r.error.issues);
  return r.result as MethodOutput<M>;
}

async function redHost(): Promise<void> {
  engine.start();
  await clock.advance(2000);
  collector.next = RED;
  await clock.advance(2000);
  expect((await engine.api['board:get']({}))[0]?.health.state).toBe('red');
}

describe('incidents in a saved history', () => {
  it('are there, read-only, and an export keeps only those overlapping its range', async () => {
    await redHost();
    await call(engine, 'incidents:declare', { title: 'Old one', severity: 'SEV3', by: 'ana' });
    await call(engine, 'incidents:resolve', { id: 'INC-1', by: 'ana' });
    await clock.advance(10 * MIN);
    const cut = clock.now();
    const open = await call(engine, 'incidents:declare', {
      title: 'Memory',
      severity: 'SEV1',
      hostIds: [LOCAL_HOST_ID],
      by: 'ana',
    });
    await call(engine, 'incidents:note', { id: open.id, text: 'still going', by: 'bo' });
    engine.hosts.mount({
      id: 'db-1',
      name: 'db-1',
      kind: 'ssh',
      intervalMs: 5000,
      tags: [],
      ssh: { user: 'ops', host: '10.0.0.5', port: 22 },
    });
    await call(engine, 'incidents:declare', { title: 'db', severity: 'SEV3', hostIds: ['db-1'], by: 'ana' });
    await clock.advance(MIN);
    // Cut to the local host from `cut` on: INC-1 ended before it, INC-3 is about db-1 only.
    const exported = await call(engine, 'history:export', {
      format: 'sqlite',
      from: cut - 1000,
      hostIds: [LOCAL_HOST_ID],
    });
    const file = engine.store.path;
    await engine.stop();

    for (const [history, ids] of [
      [file, ['INC-3', 'INC-2', 'INC-1']],
      [exported.path, ['INC-2']],
    ] as const) {
      const review = assembleEngine({
        dataDir: '/nonexistent',
        mode: 'headless',
        logger: silentLogger,
        history,
      });
      try {
        const list = await call(review, 'incidents:list', {});
        expect(list.map((i) => i.id)).toEqual(ids);
        const inc = await call(review, 'incidents:get', { id: 'INC-2' });
        expect(inc.timeline.map((e) => e.kind)).toEqual(['declared', 'note']);
        await expect(call(review, 'incidents:note', { id: 'INC-2', text: 'x', by: 'x' })).rejects.toThrow(
          /saved history .* read-only: incidents:note/,
        );
        expect((await call(review, 'incidents:postmortem', { id: 'INC-2' })).markdown).toContain(
          'still going',
        );
      } finally {
        await review.stop();
      }
    }
    engine = boot(); // afterEach stops it
  });
});

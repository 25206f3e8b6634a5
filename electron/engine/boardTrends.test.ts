import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods, type MethodInput } from '../../shared/contract';
import { memUsedPct } from '../../shared/metrics';
import type { Sample } from '../../shared/schemas';
import { BoardTrendsSchema, type BoardTrends } from '../../shared/trends';
import { PROM_TREND_WAIT_MS } from './boardTrends';
import { silentLogger } from './clock';
import { LOCAL_HOST_ID } from '../../shared/hosts';
import { assembleEngine, type Engine } from './createEngine';
import { FakeClock, ScriptedCollector } from './testing/fakes';

const MIN = 60_000;
const GiB = 2 ** 30;

let dir: string;
let clock: FakeClock;
let engine: Engine;
const scripted = new Map<string, ScriptedCollector>();

function newEngine(): Engine {
  return assembleEngine({
    dataDir: join(dir, 'data'),
    mode: 'headless',
    clock,
    logger: silentLogger,
    localIntervalMs: 5000,
    createCollector: (h, c) => {
      const x = new ScriptedCollector(h.id, c);
      scripted.set(h.id, x);
      return x;
    },
  });
}

/** CPU and memory that change every poll, so each stored point can be told from its neighbours. */
const cpuAt = (ts: number): number => (ts / 5000) % 97;
const memAt = (ts: number): number => 10 + ((ts / 5000) % 80);

/** Runs the engine for `ms`, each poll with values derived from its time, and returns the samples. */
async function run(ms: number): Promise<Sample[]> {
  const seen: Sample[] = [];
  const off = engine.on('metrics:sample', (s) => seen.push(s));
  for (let t = 0; t < ms; t += 1000) {
    const now = clock.now();
    for (const c of scripted.values()) {
      c.next = {
        cpu: { cores: 4, busyPct: cpuAt(now), iowaitPct: 0, stealPct: 0 },
        mem: { totalBytes: 100 * GiB, usedBytes: memAt(now) * GiB, availableBytes: (100 - memAt(now)) * GiB },
      };
    }
    await clock.advance(1000);
  }
  off();
  return seen;
}

/** As a transport calls it: the input parsed (defaults filled in) by the contract's schema. */
async function callTrends(input: MethodInput<'board:trends'> = {}): Promise<BoardTrends> {
  return BoardTrendsSchema.parse(
    await engine.api['board:trends'](methods['board:trends'].input.parse(input)),
  );
}

const hostOf = (t: BoardTrends, id: string) => t.hosts.find((h) => h.hostId === id)?.points ?? [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-trends-'));
  clock = new FakeClock();
  scripted.clear();
  engine = newEngine();
  engine.hosts.mount({
    id: 'db-1',
    name: 'db-1',
    kind: 'ssh',
    intervalMs: 10_000,
    tags: [],
    ssh: { user: 'ops', host: '10.0.0.5', port: 22 },
  });
});
afterEach(async () => {
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('board:trends', () => {
  it('gives every host its stored CPU and memory over its own sparkline window, each poll at its time', async () => {
    engine.start();
    const seen = await run(25 * MIN);
    const trends = await callTrends();
    expect(trends.to).toBe(clock.now());

    const local = hostOf(trends, LOCAL_HOST_ID);
    const localPolls = seen.filter((s) => s.hostId === LOCAL_HOST_ID);
    // 60 polls of 5 s: the last five minutes, exactly the polls made then, oldest first.
    expect(local).toHaveLength(60);
    expect(local.map((p) => p[0])).toEqual(localPolls.slice(-60).map((s) => s.ts));
    expect(local[0]![0]).toBeGreaterThan(clock.now() - 5 * MIN);
    // The values the card showed live for each poll (stored to the metric's precision).
    const polled = new Map(localPolls.map((p) => [p.ts, p]));
    for (const [ts, cpu, mem] of local) {
      const sample = polled.get(ts)!;
      expect(cpu).toBeCloseTo(sample.cpu.busyPct!, 1);
      expect(mem).toBeCloseTo(memUsedPct(sample), 1);
    }
    // db-1 polls every 10 s: its 60 polls span ten minutes.
    const db = hostOf(trends, 'db-1');
    expect(db).toHaveLength(60);
    expect(db.at(-1)![0] - db[0]![0]).toBe(59 * 10_000);

    // The tail ends at the newest poll, so the next live sample continues it.
    const [next] = await run(5000);
    expect(next!.ts).toBeGreaterThan(local.at(-1)![0]);
    expect(local.at(-1)![0]).toBe(localPolls.at(-1)!.ts);
  });

  it('ends where asked (time travel) and gives a host with nothing stored no points', async () => {
    engine.start();
    await run(25 * MIN);
    const to = clock.now() - 10 * MIN;
    const trends = await callTrends({ samples: 12, to });
    const local = hostOf(trends, LOCAL_HOST_ID);
    expect(local).toHaveLength(12);
    expect(local.at(-1)![0]).toBeLessThanOrEqual(to);
    expect(local[0]![0]).toBeGreaterThan(to - 12 * 5000);

    engine.hosts.mount({
      id: 'new-1',
      name: 'new-1',
      kind: 'ssh',
      intervalMs: 5000,
      tags: [],
      ssh: { user: 'ops', host: '10.0.0.6', port: 22 },
    });
    const withNew = await callTrends();
    expect(hostOf(withNew, 'new-1')).toEqual([]);
  });

  it("ends a saved history's windows at its last sample", async () => {
    engine.start();
    await run(25 * MIN);
    engine.writer?.flush();
    const lastTs = engine.store.timeRange()?.toTs;
    await engine.stop();
    const file = engine.store.path;
    // Reviewed a day later: "now" would find nothing in the window.
    clock = new FakeClock(clock.now() + 24 * 60 * MIN);
    engine = assembleEngine({
      dataDir: join(dir, 'unused'),
      mode: 'headless',
      clock,
      logger: silentLogger,
      history: file,
    });
    engine.start();
    const trends = await callTrends();
    expect(trends.to).toBe(lastTs);
    expect(hostOf(trends, LOCAL_HOST_ID)).toHaveLength(60);
    expect(hostOf(trends, 'db-1')).toHaveLength(60);
  });

  it("does not let a Prometheus source that hangs hold up the board's trends", async () => {
    engine.start();
    await run(MIN);
    engine.hosts.mount({
      id: 'prom:n1',
      name: 'n1',
      kind: 'prometheus',
      intervalMs: 15_000,
      tags: [],
      prometheus: { sourceId: 'prom', instance: 'n1', job: 'node' },
    });
    // A stand-in for a source that never answers (the real one is in promFleet.test.ts).
    engine.promFleet.range = () => new Promise(() => {});
    let answer: BoardTrends | null = null;
    void callTrends().then((t) => (answer = t));
    await clock.advance(PROM_TREND_WAIT_MS - 1);
    expect(answer).toBeNull();
    await clock.advance(1);
    const got = answer as BoardTrends | null;
    expect(got && hostOf(got, 'prom:n1')).toEqual([]);
    expect(got && hostOf(got, LOCAL_HOST_ID).length).toBeGreaterThan(0);
  });

  it('takes only its own fields', () => {
    const input = methods['board:trends'].input;
    expect(input.safeParse({}).success).toBe(true);
    expect(input.safeParse({ samples: 60, hostId: 'x' }).success).toBe(false);
    expect(input.safeParse({ samples: 1 }).success).toBe(false);
    expect(input.safeParse({ samples: 100_000 }).success).toBe(false);
  });
});

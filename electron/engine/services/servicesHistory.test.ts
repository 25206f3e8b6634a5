import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/dispatch';
import { LOCAL_HOST_ID } from '../../../shared/hosts';
import type { ServiceReading } from '../../../shared/services';
import { silentLogger } from '../clock';
import { assembleEngine } from '../createEngine';
import { exportHistory } from '../store/exportHistory';
import { FakeClock } from '../testing/fakes';
import { testContext, type TestContext } from '../testing/testContext';
import { ServiceWatch } from './serviceWatch';
import type { ServiceDriver } from './types';

/**
 * A service's history leaves with an export and reads back in review: its config, metrics, top
 * statements and their texts; a cut to other hosts drops it. The review half needs the whole
 * engine, since opening a saved history read-only is the engine's job.
 */
let n = 0;
const driver: ServiceDriver<{ n: number }> = {
  kind: 'postgres',
  command: (_c, ask) => ['printf', '%s', JSON.stringify({ n: ++n, texts: ask.textsFor })],
  parse: (out) => JSON.parse(out.stdout) as { n: number },
  derive: (prev, cur, ctx) => {
    const reading: ServiceReading = {
      serviceId: ctx.serviceId,
      ts: ctx.ts,
      pollMs: 3,
      metrics: { 'pg.connections': cur.n },
      labelled: [],
      sessions: [],
      advice: [],
      topQueries: prev ? [{ queryId: '7', calls: 2, totalMs: 8, meanMs: 4, rows: 2, blocks: 1 }] : [],
      notes: [],
    };
    const texts = new Map((cur as { texts?: string[] }).texts?.map((id) => [id, `SELECT ${id} /* text */`]));
    return { reading, texts };
  },
};

let dir: string;
let ctx: TestContext;
let clock: FakeClock;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-svc-hist-'));
  clock = new FakeClock();
  ctx = testContext({ dataDir: dir, local: true, clock });
});
afterEach(async () => {
  await ctx.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function record(): Promise<number> {
  const watch = new ServiceWatch(ctx, { postgres: driver });
  await watch.add({ hostId: LOCAL_HOST_ID, kind: 'postgres' });
  for (let i = 0; i < 3; i++) {
    await clock.advance(15_000);
    await watch.pollNow('local/postgres');
  }
  watch.stop();
  return clock.now();
}

describe('a service in an exported history', () => {
  it('is kept whole, reads back in review, and is refused anything that would poll', async () => {
    const end = await record();
    await ctx.close();
    const out = join(dir, 'copy.sqlite');
    exportHistory({ source: join(dir, 'greenboard.sqlite'), out });

    const review = assembleEngine({
      dataDir: join(dir, 'r'),
      history: out,
      mode: 'headless',
      logger: silentLogger,
    });
    try {
      const list = await review.api['services:list']({});
      expect(list.map((s) => s.config.id)).toEqual(['local/postgres']);
      const top = await review.api['services:topQueries']({
        serviceId: 'local/postgres',
        range: { fromTs: end - 3_600_000, toTs: end },
        limit: 20,
      });
      expect(top.rows[0]).toMatchObject({ queryId: '7', text: 'SELECT 7 /* text */', after: { calls: 6 } });
      const range = await review.api['services:range']({
        serviceId: 'local/postgres',
        series: [{ metric: 'pg.connections', labels: '' }],
        from: end - 60_000,
        to: end,
        maxPoints: 500,
      });
      expect(range.series[0]!.map((p) => p[1])).toEqual([1, 2, 3, 4]);
      const poll = await dispatch(review.api, 'services:poll', { serviceId: 'local/postgres' });
      expect(poll.ok || poll.error.code).toBe('forbidden');
    } finally {
      await review.stop();
    }
  });

  it('leaves with its host: an export of other hosts holds none of it', async () => {
    await record();
    ctx.hosts.mount({ id: 'web-1', name: 'web-1', kind: 'ssh', intervalMs: 5000, tags: [] });
    await ctx.close();
    const out = join(dir, 'web.sqlite');
    exportHistory({ source: join(dir, 'greenboard.sqlite'), out, hosts: ['web-1'] });
    const review = assembleEngine({
      dataDir: join(dir, 'r'),
      history: out,
      mode: 'headless',
      logger: silentLogger,
    });
    try {
      expect(await review.api['services:list']({})).toEqual([]);
    } finally {
      await review.stop();
    }
  });
});

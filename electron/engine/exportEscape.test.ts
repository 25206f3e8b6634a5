// Host ids from data (a crafted history, a Prometheus instance label) that try to climb out of
// the export folder: every CSV must land inside it.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrometheusSourceSchema } from '../../shared/prometheus';
import { PrometheusSourcePoller } from './prometheus/promSource';
import { BOARD_FAMILIES, boardQueries } from './prometheus/queries';
import { FakeClock } from './testing/fakes';
import {
  call,
  caseRoot,
  expectOnlyInside,
  quiet,
  recordHistory,
  review,
  sshHost,
  START,
  useCraftedHistoryFolders,
} from './testing/craftedHistory';
import { assembleEngine } from './createEngine';

useCraftedHistoryFolders();

describe('a crafted history whose host ids climb out of the folder', () => {
  it('exports CSV files of hosts whose ids try to climb out of the folder, inside it', async () => {
    const ids = ['../../../escaped', '../../../../../../../../tmp/gb-crafted-escape', 'a/b', 'C:\\x', '..'];
    const file = await recordHistory(ids.map((id, i) => sshHost(id, i === 2 ? 'db/eu' : id)));
    const engine = review(file);
    try {
      const res = await call(engine, 'history:export', { format: 'csv' });
      expect(res.ok).toBe(true);
      const r = res.ok ? (res.result as { path: string; files: string[] }) : null;
      expect(r?.files).toHaveLength(ids.length + 1);
      for (const f of r?.files ?? []) expect(relative(r!.path, f)).toMatch(/^[A-Za-z0-9._-]+\.csv$/);
      expect(readdirSync(r!.path).sort()).toEqual(r!.files.map((f) => relative(r!.path, f)).sort());
      // Readable: each file is named after its host's name.
      expect(readdirSync(r!.path).some((n) => n.startsWith('db-eu-'))).toBe(true);
      expect(readdirSync(r!.path).some((n) => n.startsWith('escaped-'))).toBe(true);
      expectOnlyInside(join(caseRoot(), 'data', 'exports'));
      expect(readdirSync('/tmp').filter((n) => n.startsWith('gb-crafted-escape'))).toEqual([]);
    } finally {
      await engine.stop();
      rmSync('/tmp/gb-crafted-escape.csv', { force: true });
    }
  });
});

describe('a Prometheus target whose instance label climbs out of the folder', () => {
  /** Answers like Prometheus, on loopback, from the recorded board answers with the instance renamed. */
  async function fakePrometheus(instance: string): Promise<{ url: string; close: () => Promise<void> }> {
    const text = readFileSync(join(import.meta.dirname, 'prometheus', 'fixtures', 'board.json'), 'utf8');
    const answers = JSON.parse(text.replaceAll('10.0.0.5:9100', instance)) as Record<string, unknown>;
    const queries = boardQueries('job="node"', { rateWindow: '60s' });
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const query = new URLSearchParams(body).get('query');
        const key = path.endsWith('/alerts')
          ? 'alerts'
          : path.endsWith('/targets')
            ? 'targets'
            : BOARD_FAMILIES.find((f) => queries[f] === query);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answers[key ?? ''] ?? { status: 'error', error: 'unknown query' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      close: () => new Promise((r) => server.close(() => r())),
    };
  }

  it('exports its CSV inside the export folder, named after it', async () => {
    const prom = await fakePrometheus('../../../../prom-escape');
    const source = PrometheusSourceSchema.parse({ id: 'prom', url: prom.url });
    const engine = assembleEngine({
      dataDir: join(caseRoot(), 'data'),
      mode: 'headless',
      clock: new FakeClock(START),
      logger: quiet().logger,
      createCollector: () => null,
    });
    try {
      const r = await new PrometheusSourcePoller({ source }).refresh();
      if (!r.ok) throw new Error(r.error);
      const target = r.targets.find((t) => t.instance === '../../../../prom-escape');
      expect(target?.hostId).toBe('prom:../../../../prom-escape');
      // Stored as PromFleet mounts a discovered target (its host row goes into the history).
      engine.store.upsertHost(
        {
          id: target!.hostId,
          name: target!.instance,
          kind: 'prometheus',
          intervalMs: source.refreshMs,
          tags: ['prometheus', source.id],
          prometheus: { sourceId: source.id, instance: target!.instance, job: target!.job },
        },
        START,
      );
      if (target?.sample) engine.store.writeSample(target.sample);
      const res = await call(engine, 'history:export', { format: 'csv' });
      expect(res.ok).toBe(true);
      const out = res.ok ? (res.result as { path: string; files: string[] }) : null;
      expectOnlyInside(out!.path);
      expect(out?.files.map((f) => relative(out.path, f))).toContainEqual(
        expect.stringMatching(/^prom-escape-[0-9a-f]{12}\.csv$/),
      );
    } finally {
      await engine.stop();
      await prom.close();
    }
  });
});

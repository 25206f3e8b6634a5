// Saved histories built by hand to break the reader: real SQLite files written by the Store,
// then altered with better-sqlite3, reviewed the way `greenboard serve --history FILE` does,
// and called through the same dispatch() as both transports. Nothing may answer `internal`,
// write outside the export folder, or leave the private review copy behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { Host } from '../../shared/schemas';
import type { Logger } from './clock';
import { Greenboard } from './engine';
import { PrometheusSourceSchema } from '../../shared/prometheus';
import { PrometheusSourcePoller } from './prometheus/promSource';
import { BOARD_FAMILIES, boardQueries } from './prometheus/queries';
import { FakeClock, makeSample } from './testing/fakes';

const START = Date.UTC(2026, 0, 1, 14, 0, 0);
const MIN = 60_000;

let root: string;
let reviewTmp: string;
const savedTmp = process.env.TMPDIR;
beforeAll(() => {
  // The review copies go to os.tmpdir(): a folder of this file's own, so leftovers are ours.
  reviewTmp = mkdtempSync(join(tmpdir(), 'gb-crafted-tmp-'));
  process.env.TMPDIR = reviewTmp;
});
afterAll(() => {
  process.env.TMPDIR = savedTmp;
  rmSync(reviewTmp, { recursive: true, force: true });
});
beforeEach(() => {
  root = mkdtempSync(join(reviewTmp, 'case-'));
});
afterEach(() => {
  // Every path, failures included, removes the private copy of the reviewed file.
  expect(readdirSync(tmpdir()).filter((n) => n.startsWith('greenboard-review-'))).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});

const sshHost = (id: string, name = id): Host => ({
  id,
  name,
  kind: 'ssh',
  intervalMs: 5000,
  tags: [],
  ssh: { user: 'ops', host: '10.0.0.5', port: 22 },
});

/** A history of ten minutes of `local` and the given hosts, written by the Store as Greenboard does. */
async function recordHistory(hosts: Host[] = [sshHost('db-1')]): Promise<string> {
  const engine = new Greenboard({
    dataDir: join(root, 'recorded'),
    mode: 'headless',
    clock: new FakeClock(START + 10 * MIN),
    logger: quiet().logger,
    createCollector: () => null,
  });
  for (const h of hosts) engine.store.upsertHost(h, 0);
  for (let i = 0; i < 10; i++)
    for (const id of ['local', ...hosts.map((h) => h.id)])
      engine.store.writeSample(makeSample(id, START + i * MIN));
  const file = engine.dbPath;
  await engine.stop();
  return file;
}

/** Alters a saved file the way someone crafting it would: plain SQL on its tables. */
function craft(file: string, ...sql: string[]): void {
  const db = new Database(file);
  try {
    for (const s of sql) db.exec(s);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

function quiet(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    logger: { info: () => {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
  };
}

function review(file: string, logger: Logger = quiet().logger): Greenboard {
  return new Greenboard({ dataDir: join(root, 'data'), mode: 'headless', logger, history: file });
}

/** The answer of one call, which must not be an internal error (a 500 over HTTP). */
async function call(engine: Greenboard, method: string, input: unknown): Promise<Envelope<unknown>> {
  const res = await dispatch(engine.api, method, input);
  if (!res.ok) {
    expect(res.error.code, `${method}: ${res.error.message}`).not.toBe('internal');
    expect(res.error.message).not.toMatch(/^(Unexpected token|Internal error)/);
  }
  return res;
}

/** Every read-side method a reviewer uses; each answers, and exports stay in their folder. */
async function callEverything(engine: Greenboard, hostIds: string[]): Promise<Envelope<unknown>[]> {
  const out: Envelope<unknown>[] = [];
  out.push(await call(engine, 'board:get', {}));
  out.push(await call(engine, 'board:at', { ts: START + 5 * MIN }));
  out.push(await call(engine, 'incidents:templates', {}));
  for (const hostId of hostIds) {
    out.push(
      await call(engine, 'metrics:range', {
        hostId,
        series: [{ metric: 'cpu.busy_pct', labels: '' }],
        from: START,
        to: START + 10 * MIN,
      }),
    );
    out.push(await call(engine, 'diag:checks', { hostId }));
  }
  for (const format of ['sqlite', 'csv'] as const) {
    const res = await call(engine, 'history:export', { format });
    out.push(res);
    if (res.ok) expectOnlyInside(join(root, 'data', 'exports'));
  }
  return out;
}

/** Every exported file (CSV, or history outside the recorded data) under `root` is inside `folder`. */
function expectOnlyInside(folder: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  const outside = walk(root).filter((f) => {
    const exported = f.endsWith('.csv') || (f.endsWith('.sqlite') && !f.endsWith(`${sep}greenboard.sqlite`));
    return exported && relative(folder, f).startsWith(`..${sep}`);
  });
  expect(outside).toEqual([]);
}

describe('a crafted history under review', () => {
  it('leaves out a host whose hosts.config is not JSON, says so, and reviews the rest', async () => {
    const file = await recordHistory();
    craft(file, "UPDATE hosts SET config = 'oops{' WHERE id = 'db-1'");
    const log = quiet();
    const engine = review(file, log.logger);
    try {
      const board = await call(engine, 'board:get', {});
      expect(board.ok && (board.result as { host: Host }[]).map((b) => b.host.id)).toEqual(['local']);
      expect(log.warnings.join('\n')).toMatch(/host "db-1" left out: its hosts\.config is not a JSON object/);
      await callEverything(engine, ['local']);
    } finally {
      await engine.stop();
    }
  });

  it('leaves out a host row that does not fit the host schema', async () => {
    const file = await recordHistory();
    craft(file, 'UPDATE hosts SET config = \'{"intervalMs":"soon"}\' WHERE id = \'db-1\'');
    const log = quiet();
    const engine = review(file, log.logger);
    try {
      expect(engine.hostStates().map((s) => s.host.id)).toEqual(['local']);
      expect(log.warnings.join('\n')).toMatch(
        /host "db-1" left out: its hosts row does not fit \(intervalMs/,
      );
    } finally {
      await engine.stop();
    }
  });

  it('skips the points of a layout row that does not read, everywhere they are read', async () => {
    for (const series of ['not json', '{"a":1}', '[["cpu.busy_pct"]]', '[["cpu.busy_pct","",-1]]']) {
      const file = await recordHistory();
      craft(file, `UPDATE layouts SET series = '${series}'`);
      const engine = review(file);
      try {
        const results = await callEverything(engine, ['local', 'db-1']);
        expect(results.every((r) => r.ok)).toBe(true);
        const range = await call(engine, 'metrics:range', {
          hostId: 'db-1',
          series: [{ metric: 'cpu.busy_pct', labels: '' }],
          from: START,
          to: START + 10 * MIN,
        });
        expect(range.ok && (range.result as { series: unknown[][] }).series[0]).toEqual([]);
        const at = await call(engine, 'board:at', { ts: START + 5 * MIN });
        expect(
          at.ok && (at.result as { hosts: { latest: unknown }[] }).hosts.every((b) => b.latest === null),
        ).toBe(true);
      } finally {
        await engine.stop();
      }
      rmSync(join(root, 'recorded'), { recursive: true });
      rmSync(join(root, 'data'), { recursive: true, force: true });
    }
  });

  it('skips rows whose packed values are truncated or of the wrong type', async () => {
    const file = await recordHistory();
    craft(
      file,
      "UPDATE raw SET vals = x'ff' WHERE ts % 120000 = 0",
      "UPDATE rollup_1m SET vals = 'text', n = 'many'",
    );
    const engine = review(file);
    try {
      const results = await callEverything(engine, ['local', 'db-1']);
      expect(results.every((r) => r.ok)).toBe(true);
      const range = await call(engine, 'metrics:range', {
        hostId: 'local',
        series: [{ metric: 'cpu.busy_pct', labels: '' }],
        from: START,
        to: START + 10 * MIN,
        maxPoints: 1000,
      });
      // The five polls at odd minutes still read.
      expect(range.ok && (range.result as { series: unknown[][] }).series[0]).toHaveLength(5);
    } finally {
      await engine.stop();
    }
  });

  it('reads around odd values in other tables: latest samples, ids, times, the alert log', async () => {
    const file = await recordHistory();
    craft(
      file,
      "UPDATE latest_samples SET sample = 'oops{' WHERE host_id = 'db-1'",
      "INSERT INTO hosts (id, name, kind, config, created_at) VALUES (x'6869', 'blob', 'ssh', '{}', 0)",
      "INSERT INTO raw (host, ts, layout, vals) SELECT host, 'later', layout, vals FROM raw LIMIT 1",
      "INSERT INTO rollup_1h (host, ts, layout, n, vals) SELECT host, 'later', layout, n, vals FROM rollup_1h LIMIT 1",
      `INSERT INTO alert_log (host_id, signal, kind, from_state, to_state, at, value, threshold, reason, notice)
       VALUES ('local', 'cpu', 'cpu', 'ok', 'sideways', ${START + MIN}, 'x', NULL, 'made up', 'not json')`,
    );
    const log = quiet();
    const engine = review(file, log.logger);
    try {
      expect(
        engine
          .hostStates()
          .map((s) => s.host.id)
          .sort(),
      ).toEqual(['db-1', 'local']);
      expect(log.warnings.join('\n')).toMatch(/host "hi" left out/);
      const results = await callEverything(engine, ['local', 'db-1']);
      expect(results.every((r) => r.ok)).toBe(true);
      const info = await call(engine, 'app:info', {});
      expect(info.ok && (info.result as { history: { toTs: unknown } }).history.toTs).toBe(START + 9 * MIN);
    } finally {
      await engine.stop();
    }
  });

  it('uses defaults for settings that do not read: saved commands, templates, the alert log start', async () => {
    const file = await recordHistory();
    craft(
      file,
      "INSERT OR REPLACE INTO settings (key, value) VALUES ('incidents.templates', 'oops{')",
      "INSERT OR REPLACE INTO settings (key, value) VALUES ('diag.saved', 'oops{')",
      `UPDATE settings SET value = '"yesterday"' WHERE key = 'alertLogSince'`,
    );
    const engine = review(file);
    try {
      const results = await callEverything(engine, ['local', 'db-1']);
      expect(results.every((r) => r.ok)).toBe(true);
      const templates = await call(engine, 'incidents:templates', {});
      expect(templates.ok && (templates.result as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await engine.stop();
    }
  });

  it('keeps diagnostics working when the saved commands are not a list, or one of them is bad', async () => {
    const file = await recordHistory();
    craft(
      file,
      `INSERT OR REPLACE INTO settings (key, value) VALUES ('diag.saved', '{"name":"not a list"}')`,
    );
    const engine = review(file);
    try {
      const checks = await call(engine, 'diag:checks', { hostId: 'local' });
      expect(checks.ok).toBe(true);
    } finally {
      await engine.stop();
    }
    const again = await recordHistory([sshHost('db-2')]);
    craft(
      again,
      `INSERT OR REPLACE INTO settings (key, value) VALUES ('diag.saved', '[{"name":"nul","argv":["ls","a\\u0000b"]},5]')`,
    );
    const second = review(again);
    try {
      const checks = await call(second, 'diag:checks', { hostId: 'db-2' });
      expect(checks.ok).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('refuses a file missing a table or a column, naming it, and removes its copy', async () => {
    const cases: [string, RegExp][] = [
      ['DROP TABLE layouts', /table "layouts" is missing/],
      ['ALTER TABLE hosts DROP COLUMN config', /table "hosts" has no column "config"/],
      ['DROP TABLE settings', /table "settings" is missing/],
    ];
    for (const [sql, message] of cases) {
      const file = await recordHistory();
      craft(file, sql);
      let error: unknown;
      try {
        review(file);
      } catch (err) {
        error = err;
      }
      expect(error).toMatchObject({ name: 'GreenboardError', code: 'bad_request' });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain(file);
      expect(readdirSync(tmpdir()).filter((n) => n.startsWith('greenboard-review-'))).toEqual([]);
      rmSync(join(root, 'recorded'), { recursive: true });
    }
  });

  it('removes the review copy when the engine fails after the file opened', async () => {
    const file = await recordHistory();
    craft(file, "UPDATE hosts SET config = 'oops{' WHERE id = 'db-1'");
    // The warning about the bad host is the first thing the engine does with the opened file.
    const failing: Logger = {
      info: () => {},
      error: () => {},
      warn: () => {
        throw new Error('the log is full');
      },
    };
    expect(() => review(file, failing)).toThrow('the log is full');
  });

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
      expectOnlyInside(join(root, 'data', 'exports'));
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
    const engine = new Greenboard({
      dataDir: join(root, 'data'),
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

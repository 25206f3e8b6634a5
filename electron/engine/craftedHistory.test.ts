// Saved histories built by hand to break the reader: real SQLite files written by the Store,
// then altered with better-sqlite3, reviewed the way `greenboard serve --history FILE` does,
// and called through the same dispatch() as both transports. Nothing may answer `internal`,
// write outside the export folder, or leave the private review copy behind.
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Host } from '../../shared/schemas';
import type { Logger } from './clock';
import {
  call,
  callEverything,
  caseRoot,
  craft,
  MIN,
  quiet,
  recordHistory,
  review,
  sshHost,
  START,
  useCraftedHistoryFolders,
} from './testing/craftedHistory';

useCraftedHistoryFolders();

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
      expect(engine.hosts.list().map((s) => s.host.id)).toEqual(['local']);
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
      rmSync(join(caseRoot(), 'recorded'), { recursive: true });
      rmSync(join(caseRoot(), 'data'), { recursive: true, force: true });
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
        engine.hosts
          .list()
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
      rmSync(join(caseRoot(), 'recorded'), { recursive: true });
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
});

import type Database from 'better-sqlite3';
import { GreenboardError } from '../../../shared/errors';
import { METRICS, type FlatPoint, type MetricName } from '../../../shared/metrics';
import { SERVICES_MIGRATION } from './serviceMigration';
import { TimeSeries } from './timeSeries';

/** 'GBRD': marks a SQLite file as a Greenboard history, so foreign files are refused. */
export const APPLICATION_ID = 0x47425244;

export interface Migration {
  version: number;
  up(db: Database.Database): void;
}

/**
 * Schema versions, in order. Each runs in its own transaction and bumps `user_version`.
 * Version 3 replaced the one-row-per-value `points` table (about 19 bytes a value) with packed
 * rows per host per poll and rollup tiers (see timeSeries.ts). Version 4 added the alert log,
 * silences, maintenance windows and the webhook delivery queue. Version 5 added security audit
 * reports, kept whole (JSON) so a past audit can be shown as it was. Version 6 added HTTP probes
 * and their results, load-test targets and runs. Version 7 added incidents and their timelines.
 * Version 8 added link changes, for time travel. Version 9 put probes in the alert log.
 * Version 10 added databases and caches on hosts: their config, and their top statements per
 * interval (raw and hourly) with each statement's text stored once. Their metrics go in the
 * packed series like a host's, under the service's own key.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE hosts (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          kind TEXT NOT NULL,
          config TEXT NOT NULL DEFAULT '{}',
          created_at INTEGER NOT NULL
        );
        CREATE TABLE series (
          id INTEGER PRIMARY KEY,
          host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
          metric TEXT NOT NULL,
          labels TEXT NOT NULL DEFAULT '',
          UNIQUE (host_id, metric, labels)
        );
        CREATE TABLE points (
          series_id INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          value REAL NOT NULL,
          PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;
        CREATE TABLE latest_samples (
          host_id TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
          ts INTEGER NOT NULL,
          sample TEXT NOT NULL
        );
        CREATE TABLE health_changes (
          host_id TEXT NOT NULL,
          ts INTEGER NOT NULL,
          state TEXT NOT NULL,
          reasons TEXT NOT NULL,
          PRIMARY KEY (host_id, ts)
        ) WITHOUT ROWID;
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    up(db) {
      db.exec(`
        -- Host keys the user trusted in Greenboard, per endpoint ("host:port"), like known_hosts.
        CREATE TABLE trusted_keys (
          endpoint TEXT NOT NULL,
          key_type TEXT NOT NULL,
          key_b64 TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          trusted_at INTEGER NOT NULL,
          PRIMARY KEY (endpoint, key_type)
        ) WITHOUT ROWID;
        -- Every command Greenboard ran on a server, for the record.
        CREATE TABLE remote_commands (
          id INTEGER PRIMARY KEY,
          host_id TEXT NOT NULL,
          ts INTEGER NOT NULL,
          command TEXT NOT NULL,
          exit_code INTEGER,
          duration_ms REAL NOT NULL
        );
        CREATE INDEX remote_commands_by_host ON remote_commands (host_id, ts);
      `);
    },
  },
  {
    version: 3,
    up(db) {
      db.exec(`
        CREATE TABLE host_nums (
          num INTEGER PRIMARY KEY,
          host_id TEXT NOT NULL UNIQUE
        );
        -- The series of a packed row, in order: JSON [[metric, labels, scale], ...].
        CREATE TABLE layouts (
          id INTEGER PRIMARY KEY,
          series TEXT NOT NULL UNIQUE
        );
        CREATE TABLE raw (
          host INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          layout INTEGER NOT NULL,
          vals BLOB NOT NULL,
          PRIMARY KEY (host, ts)
        ) WITHOUT ROWID;
      `);
      for (const t of ['rollup_1m', 'rollup_15m', 'rollup_1h'])
        db.exec(`
          CREATE TABLE ${t} (
            host INTEGER NOT NULL,
            ts INTEGER NOT NULL,
            layout INTEGER NOT NULL,
            n INTEGER NOT NULL,
            vals BLOB NOT NULL,
            PRIMARY KEY (host, ts, layout)
          ) WITHOUT ROWID;
        `);
      convertPoints(db);
      db.exec('DROP TABLE points; DROP TABLE series;');
    },
  },
  {
    version: 4,
    up(db) {
      db.exec(`
        -- Every state change of every signal, and of each host as a whole (signal 'host').
        CREATE TABLE alert_log (
          id INTEGER PRIMARY KEY,
          host_id TEXT NOT NULL,
          signal TEXT NOT NULL,
          kind TEXT NOT NULL,
          from_state TEXT NOT NULL,
          to_state TEXT NOT NULL,
          at INTEGER NOT NULL,
          value REAL,
          threshold REAL,
          reason TEXT NOT NULL,
          notice TEXT
        );
        CREATE INDEX alert_log_by_host ON alert_log (host_id, signal, at);
        CREATE INDEX alert_log_by_time ON alert_log (at);
        CREATE TABLE silences (
          id TEXT PRIMARY KEY,
          target TEXT NOT NULL,
          until INTEGER NOT NULL,
          by TEXT NOT NULL,
          why TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE maintenance_windows (
          id TEXT PRIMARY KEY,
          target TEXT NOT NULL,
          from_ts INTEGER NOT NULL,
          to_ts INTEGER NOT NULL,
          daily INTEGER NOT NULL,
          by TEXT NOT NULL,
          why TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS webhook_deliveries (
          id INTEGER PRIMARY KEY,
          channel TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          payload TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER,
          last_status INTEGER,
          last_error TEXT,
          sent_at INTEGER
        );
        CREATE INDEX IF NOT EXISTS webhook_deliveries_pending
          ON webhook_deliveries (channel, id) WHERE state = 'pending';
      `);
      // Polls stored before this moment had no alert log: time travel judges them by trip levels
      // alone. A new file has none, so its log covers everything.
      const hasPolls = db.prepare('SELECT 1 FROM raw LIMIT 1').get() !== undefined;
      db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('alertLogSince', ?)").run(
        JSON.stringify(hasPolls ? Date.now() : 0),
      );
    },
  },
  {
    version: 5,
    up(db) {
      db.exec(`
        -- One row per security audit run: the score for charting, the whole report as JSON.
        CREATE TABLE audit_reports (
          id INTEGER PRIMARY KEY,
          host_id TEXT NOT NULL,
          ts INTEGER NOT NULL,
          score INTEGER NOT NULL,
          report TEXT NOT NULL
        );
        CREATE INDEX audit_reports_by_host ON audit_reports (host_id, ts);
      `);
    },
  },
  {
    version: 6,
    up(db) {
      db.exec(`
        -- HTTP probes: the definition as JSON (shared/probes.ts ProbeDefSchema).
        CREATE TABLE probes (
          id TEXT PRIMARY KEY,
          def TEXT NOT NULL,
          created_ts INTEGER NOT NULL
        );
        -- Every run of every probe. from_host is '' for this machine, else the fleet host's id.
        CREATE TABLE probe_results (
          id INTEGER PRIMARY KEY,
          probe_id TEXT NOT NULL,
          from_host TEXT NOT NULL DEFAULT '',
          ts INTEGER NOT NULL,
          ok INTEGER NOT NULL,
          total_ms REAL,
          result TEXT NOT NULL
        );
        CREATE INDEX probe_results_by_probe ON probe_results (probe_id, ts);
        -- Saved load-test targets (load tests run only against these).
        CREATE TABLE load_targets (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          spec TEXT NOT NULL,
          host_id TEXT,
          created_ts INTEGER NOT NULL
        );
        -- Every load-test run; result, host_usage and timeline as JSON (shared/loadTests.ts).
        CREATE TABLE load_runs (
          id INTEGER PRIMARY KEY,
          target_id TEXT NOT NULL,
          target_name TEXT NOT NULL,
          spec TEXT NOT NULL,
          status TEXT NOT NULL,
          started_ts INTEGER NOT NULL,
          result TEXT,
          error TEXT,
          baseline INTEGER NOT NULL DEFAULT 0,
          host_id TEXT,
          host_usage TEXT NOT NULL DEFAULT '[]',
          timeline TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX load_runs_by_target ON load_runs (target_id, started_ts);
      `);
    },
  },
  {
    version: 7,
    up(db) {
      db.exec(`
        -- Incidents: the document as JSON (shared/incidents.ts IncidentSchema); the columns are
        -- what the history export cuts by (time range, hosts).
        CREATE TABLE incidents (
          id TEXT PRIMARY KEY,
          seq INTEGER NOT NULL UNIQUE,
          declared_at INTEGER NOT NULL,
          resolved_at INTEGER,
          host_ids TEXT NOT NULL DEFAULT '[]',
          doc TEXT NOT NULL
        );
        -- Each incident's timeline, append-only; data is JSON or NULL.
        CREATE TABLE incident_timeline (
          id INTEGER PRIMARY KEY,
          incident_id TEXT NOT NULL,
          ts INTEGER NOT NULL,
          kind TEXT NOT NULL,
          who TEXT NOT NULL,
          text TEXT NOT NULL,
          data TEXT
        );
        CREATE INDEX incident_timeline_by_incident ON incident_timeline (incident_id, ts, id);
      `);
    },
  },
  {
    version: 8,
    up(db) {
      db.exec(`
        -- Each change of a remote host's link (unreachable, auth failed, ok...), so time travel
        -- shows a host that could not be reached as such, not as waiting for its first poll.
        CREATE TABLE link_changes (
          host_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          state TEXT NOT NULL,
          message TEXT NOT NULL,
          PRIMARY KEY (host_id, at, state)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 9,
    up(db) {
      // Probes join the alert log. Their rows carry the probe's id here and '' as host_id:
      // every query that looks rows up by host (restart, time travel, the export's cut) then
      // cannot take a probe's row for a host's, and rows from before stay host rows as they
      // were (NULL). A "probe:<id>" host_id would have needed no column, but Prometheus host
      // ids are "<source>:<instance>", and a source may well be called "probe".
      db.exec(`
        ALTER TABLE alert_log ADD COLUMN probe_id TEXT;
        CREATE INDEX alert_log_by_probe ON alert_log (probe_id, at) WHERE probe_id IS NOT NULL;
      `);
    },
  },
  SERVICES_MIGRATION,
];

/**
 * Moves version 2's one-row-per-value points into packed rows, a host and 50,000 values at a
 * time (a connection cannot write while it is still stepping through a read).
 */
function convertPoints(db: Database.Database): void {
  const series = new TimeSeries(db);
  const hosts = db.prepare('SELECT DISTINCT host_id FROM series').pluck().all() as string[];
  const page = db.prepare(
    `SELECT p.ts, s.metric, s.labels, p.value FROM points p JOIN series s ON s.id = p.series_id
     WHERE s.host_id = ? AND p.ts > ? ORDER BY p.ts, s.id LIMIT 50000`,
  );
  for (const host of hosts) {
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = page.all(host, after) as { ts: number; metric: string; labels: string; value: number }[];
      if (rows.length === 0) break;
      // A full page may end inside a poll: leave that poll for the next page.
      const lastTs = rows[rows.length - 1]!.ts;
      const complete =
        rows.length < 50000 || rows[0]!.ts === lastTs ? rows : rows.filter((r) => r.ts < lastTs);
      let batch: FlatPoint[] = [];
      let ts = complete[0]!.ts;
      for (const r of complete) {
        if (r.ts !== ts) {
          series.write(host, ts, batch);
          batch = [];
          ts = r.ts;
        }
        if (r.metric in METRICS) batch.push([r.metric as MetricName, r.labels, r.value]);
      }
      series.write(host, ts, batch);
      after = complete[complete.length - 1]!.ts;
    }
  }
}

/** Refuses a SQLite file some other program wrote, before anything reads its tables. */
export function assertGreenboardFile(db: Database.Database, file: string): void {
  if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
    throw new GreenboardError(
      'bad_request',
      `${file} is not a Greenboard history file; it was left untouched.`,
    );
  }
}

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

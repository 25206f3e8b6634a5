import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { flattenSample, type FlatPoint, type MetricName } from '../../../shared/metrics';
import { HostSchema, SampleSchema, type Health, type Host, type Sample } from '../../../shared/schemas';
import { GreenboardError } from '../../../shared/errors';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations';

/**
 * The history store: one SQLite file in WAL mode. Every poll is written in one transaction,
 * so after a crash the file holds exactly the polls whose transaction committed.
 */
export class Store {
  readonly db: Database.Database;
  private readonly seriesIds = new Map<string, number>();
  private readonly stmts;
  private readonly writeTx: (s: Sample) => void;
  private shownPath = '';

  /**
   * @param options.manualCheckpoints turn SQLite's automatic checkpoint off; the owner must
   *   then run checkpoints itself (the engine does, on a worker thread: see WalCheckpointer).
   */
  constructor(
    readonly path: string,
    options: {
      manualCheckpoints?: boolean;
      /** The name to use in messages (a reviewed history is opened through a private copy). */
      displayPath?: string;
    } = {},
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    try {
      this.shownPath = options.displayPath ?? path;
      this.checkIdentity();
      this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a commit survives an app crash; only an OS crash can lose the last one.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      if (options.manualCheckpoints) this.db.pragma('wal_autocheckpoint = 0');
      this.migrate();
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.stmts = {
      upsertHost: this.db.prepare(
        `INSERT INTO hosts (id, name, kind, config, created_at) VALUES (@id, @name, @kind, @config, @createdAt)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, config = excluded.config`,
      ),
      listHosts: this.db.prepare('SELECT id, name, kind, config FROM hosts ORDER BY created_at, id'),
      findSeries: this.db
        .prepare('SELECT id FROM series WHERE host_id = ? AND metric = ? AND labels = ?')
        .pluck(),
      insertSeries: this.db.prepare('INSERT INTO series (host_id, metric, labels) VALUES (?, ?, ?)'),
      insertPoint: this.db.prepare('INSERT OR REPLACE INTO points (series_id, ts, value) VALUES (?, ?, ?)'),
      upsertLatest: this.db.prepare(
        `INSERT INTO latest_samples (host_id, ts, sample) VALUES (?, ?, ?)
         ON CONFLICT(host_id) DO UPDATE SET ts = excluded.ts, sample = excluded.sample`,
      ),
      latest: this.db.prepare('SELECT sample FROM latest_samples WHERE host_id = ?').pluck(),
      insertHealth: this.db.prepare(
        'INSERT OR REPLACE INTO health_changes (host_id, ts, state, reasons) VALUES (?, ?, ?, ?)',
      ),
      range: this.db.prepare(
        `SELECT @from + CAST((ts - @from) / @bucket AS INTEGER) * @bucket AS t, avg(value) AS v FROM points
         WHERE series_id = @seriesId AND ts BETWEEN @from AND @to GROUP BY t ORDER BY t`,
      ),
      countPoints: this.db
        .prepare('SELECT count(*) FROM points p JOIN series s ON s.id = p.series_id WHERE s.host_id = ?')
        .pluck(),
      getSetting: this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      setSetting: this.db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
    this.writeTx = this.db.transaction((x: Sample) => {
      for (const [metric, labels, value] of flattenSample(x)) {
        this.stmts.insertPoint.run(this.seriesId(x.hostId, metric, labels), x.ts, value);
      }
      this.stmts.upsertLatest.run(x.hostId, x.ts, JSON.stringify(x));
    });
  }

  /** Refuses files that are not Greenboard histories, or are from a newer Greenboard. */
  private checkIdentity(): void {
    let appId: number;
    let version: number;
    try {
      appId = this.db.pragma('application_id', { simple: true }) as number;
      version = this.db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      throw new GreenboardError(
        'bad_request',
        `${this.shownPath} is not a readable SQLite database (${(err as Error).message}). Choose another file or data folder; this one was left untouched.`,
      );
    }
    const isEmpty = (this.db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number) === 0;
    if (!isEmpty && appId !== APPLICATION_ID) {
      throw new GreenboardError(
        'bad_request',
        `${this.shownPath} is not a Greenboard history file; it was left untouched.`,
      );
    }
    if (version > SCHEMA_VERSION) {
      throw new GreenboardError(
        'bad_request',
        `${this.shownPath} was written by a newer Greenboard (schema ${version}, this one knows ${SCHEMA_VERSION}). Update Greenboard to open it.`,
      );
    }
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        m.up(this.db);
        this.db.pragma(`application_id = ${APPLICATION_ID}`);
        this.db.pragma(`user_version = ${m.version}`);
      })();
    }
  }

  upsertHost(host: Host, createdAt: number): void {
    const { id, name, kind, ...config } = host;
    this.stmts.upsertHost.run({ id, name, kind, config: JSON.stringify(config), createdAt });
  }

  listHosts(): Host[] {
    const rows = this.stmts.listHosts.all() as { id: string; name: string; kind: string; config: string }[];
    return rows.flatMap((r) => {
      const parsed = HostSchema.safeParse({
        tags: [],
        intervalMs: 5000,
        ...(JSON.parse(r.config) as object),
        id: r.id,
        name: r.name,
        kind: r.kind,
      });
      return parsed.success ? [parsed.data] : [];
    });
  }

  removeHost(id: string): boolean {
    return this.db.prepare('DELETE FROM hosts WHERE id = ?').run(id).changes > 0;
  }

  /** Keys trusted for an endpoint ("host:port"), by key type. */
  trustedKeys(endpoint: string): { keyType: string; keyBase64: string; fingerprint: string }[] {
    return this.db
      .prepare(
        'SELECT key_type AS keyType, key_b64 AS keyBase64, fingerprint FROM trusted_keys WHERE endpoint = ?',
      )
      .all(endpoint) as { keyType: string; keyBase64: string; fingerprint: string }[];
  }

  trustKey(endpoint: string, keyType: string, keyBase64: string, fingerprint: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO trusted_keys (endpoint, key_type, key_b64, fingerprint, trusted_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(endpoint, key_type) DO UPDATE SET key_b64 = excluded.key_b64, fingerprint = excluded.fingerprint, trusted_at = excluded.trusted_at`,
      )
      .run(endpoint, keyType, keyBase64, fingerprint, at);
  }

  remoteCommands(
    hostId: string,
    limit: number,
  ): { hostId: string; ts: number; command: string; exitCode: number | null; durationMs: number }[] {
    return this.db
      .prepare(
        `SELECT host_id AS hostId, ts, command, exit_code AS exitCode, duration_ms AS durationMs
         FROM remote_commands WHERE host_id = ? ORDER BY ts DESC, id DESC LIMIT ?`,
      )
      .all(hostId, limit) as {
      hostId: string;
      ts: number;
      command: string;
      exitCode: number | null;
      durationMs: number;
    }[];
  }

  recordRemoteCommand(
    hostId: string,
    ts: number,
    command: string,
    exitCode: number | null,
    durationMs: number,
  ): void {
    this.db
      .prepare(
        'INSERT INTO remote_commands (host_id, ts, command, exit_code, duration_ms) VALUES (?, ?, ?, ?, ?)',
      )
      .run(hostId, ts, command, exitCode, durationMs);
  }

  private seriesId(hostId: string, metric: string, labels: string): number {
    const key = `${hostId}\u0000${metric}\u0000${labels}`;
    let id = this.seriesIds.get(key);
    if (id === undefined) {
      id =
        (this.stmts.findSeries.get(hostId, metric, labels) as number | undefined) ??
        Number(this.stmts.insertSeries.run(hostId, metric, labels).lastInsertRowid);
      this.seriesIds.set(key, id);
    }
    return id;
  }

  /** Writes one poll (every point plus the latest-sample row) in a single transaction. */
  writeSample(sample: Sample): void {
    this.writeTx(sample);
  }

  latestSample(hostId: string): Sample | null {
    const raw = this.stmts.latest.get(hostId) as string | undefined;
    if (!raw) return null;
    const parsed = SampleSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  recordHealth(h: Health): void {
    this.stmts.insertHealth.run(h.hostId, h.since, h.state, JSON.stringify(h.reasons));
  }

  /** Averages a series into at most `maxPoints` buckets. A later tiered store replaces this. */
  range(
    hostId: string,
    metric: string,
    labels: string,
    from: number,
    to: number,
    maxPoints: number,
  ): [number, number][] {
    const seriesId = this.stmts.findSeries.get(hostId, metric, labels) as number | undefined;
    if (seriesId === undefined) return [];
    const bucket = Math.max(1, Math.ceil((to - from + 1) / maxPoints));
    const rows = this.stmts.range.all({ seriesId, from, to, bucket }) as { t: number; v: number }[];
    return rows.map((r) => [r.t, r.v]);
  }

  /** A host's stored points of its last poll at or before `ts` (time travel). */
  pointsAt(hostId: string, ts: number): { ts: number; points: FlatPoint[] } | null {
    const at = this.db
      .prepare(
        `SELECT max(p.ts) FROM points p JOIN series s ON s.id = p.series_id
         WHERE s.host_id = ? AND s.metric = 'host.uptime_sec' AND p.ts <= ?`,
      )
      .pluck()
      .get(hostId, ts) as number | null;
    if (at === null) return null;
    const rows = this.db
      .prepare(
        'SELECT s.metric, s.labels, p.value FROM series s JOIN points p ON p.series_id = s.id AND p.ts = ? WHERE s.host_id = ?',
      )
      .all(at, hostId) as { metric: MetricName; labels: string; value: number }[];
    return { ts: at, points: rows.map((r) => [r.metric, r.labels, r.value] as const) };
  }

  /** First and last sample time held, or null for an empty history. */
  timeRange(): { fromTs: number; toTs: number } | null {
    const r = this.db.prepare('SELECT min(ts) AS fromTs, max(ts) AS toTs FROM points').get() as {
      fromTs: number | null;
      toTs: number | null;
    };
    return r.fromTs === null || r.toTs === null ? null : { fromTs: r.fromTs, toTs: r.toTs };
  }

  /** SQLite's own consistency check; "ok" or the first problems it found. */
  quickCheck(): string {
    return (this.db.pragma('quick_check(5)') as { quick_check: string }[])
      .map((r) => r.quick_check)
      .join('; ');
  }

  countPoints(hostId: string): number {
    return this.stmts.countPoints.get(hostId) as number;
  }

  getSetting<T>(key: string): T | undefined {
    const raw = this.stmts.getSetting.get(key) as string | undefined;
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  setSetting(key: string, value: unknown): void {
    this.stmts.setSetting.run(key, JSON.stringify(value));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

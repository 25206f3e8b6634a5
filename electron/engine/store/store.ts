import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_SSH_INTERVAL_MS } from '../../../shared/hosts';
import { flattenSample, type FlatPoint } from '../../../shared/metrics';
import type { HistorySegment } from './historyRows';
import { HostSchema, SampleSchema, type Host, type Sample } from '../../../shared/schemas';
import { GreenboardError } from '../../../shared/errors';
import { ensurePrivateFile, PRIVATE_DIR_MODE, tightenFile } from '../files/privateFiles';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { schemaProblems } from './schemaShape';
import type { RangeResult } from './rangeQuery';
import type { RawTail } from './rawTail';
import type { TierName } from './rollups';
import { TimeSeries } from './timeSeries';

/**
 * The history store: one SQLite file in WAL mode. Every poll is written in one transaction,
 * so after a crash the file holds exactly the polls whose transaction committed.
 */
export class Store {
  readonly db: Database.Database;
  private readonly stmts;
  private readonly series: TimeSeries;
  private readonly writeTx: (batch: readonly Sample[]) => void;
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
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
      // Before SQLite opens it: the -wal and -shm it creates then take the same owner-only mode.
      ensurePrivateFile(path);
      tightenFile(`${path}-wal`);
      tightenFile(`${path}-shm`);
    }
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
      this.checkShape();
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
      upsertLatest: this.db.prepare(
        `INSERT INTO latest_samples (host_id, ts, sample) VALUES (?, ?, ?)
         ON CONFLICT(host_id) DO UPDATE SET ts = excluded.ts, sample = excluded.sample`,
      ),
      latest: this.db.prepare('SELECT sample FROM latest_samples WHERE host_id = ?').pluck(),
      allLatest: this.db.prepare('SELECT sample FROM latest_samples').pluck(),
      getSetting: this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      setSetting: this.db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
    this.series = new TimeSeries(this.db);
    this.writeTx = this.db.transaction((batch: readonly Sample[]) => {
      for (const x of batch) {
        this.series.write(x.hostId, x.ts, flattenSample(x));
        this.stmts.upsertLatest.run(x.hostId, x.ts, JSON.stringify(x));
      }
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
      try {
        this.db.transaction(() => {
          m.up(this.db);
          this.db.pragma(`application_id = ${APPLICATION_ID}`);
          this.db.pragma(`user_version = ${m.version}`);
        })();
      } catch (err) {
        // A file of an older version whose tables are not what that version wrote.
        throw new GreenboardError(
          'bad_request',
          `${this.shownPath} could not be brought up to date (step ${current} → ${m.version}: ${(err as Error).message}). It is not a history this Greenboard can read; export a fresh copy from the Greenboard that wrote it.`,
        );
      }
    }
  }

  /** Refuses a file whose tables are not the ones every read below relies on, naming them. */
  private checkShape(): void {
    const problems = schemaProblems(this.db);
    if (problems.length === 0) return;
    throw new GreenboardError(
      'bad_request',
      `${this.shownPath} does not fit Greenboard's history schema: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}. Greenboard cannot read it; export a fresh copy from the Greenboard that wrote it.`,
    );
  }

  upsertHost(host: Host, createdAt: number): void {
    const { id, name, kind, ...config } = host;
    this.stmts.upsertHost.run({ id, name, kind, config: JSON.stringify(config), createdAt });
  }

  /**
   * The stored hosts. A row that no longer reads as a host (a crafted or damaged file, or one
   * from a version whose fields differ) is left out, and `onSkip` told which and why.
   */
  listHosts(onSkip: (why: string) => void = () => {}): Host[] {
    const rows = this.stmts.listHosts.all() as {
      id: unknown;
      name: unknown;
      kind: unknown;
      config: unknown;
    }[];
    return rows.flatMap((r) => {
      const label = `host "${String(r.id)}"`;
      const config = parseJson(r.config);
      if (config === undefined || config === null || typeof config !== 'object' || Array.isArray(config)) {
        onSkip(`${label} left out: its hosts.config is not a JSON object.`);
        return [];
      }
      const parsed = HostSchema.safeParse({
        tags: [],
        intervalMs: DEFAULT_SSH_INTERVAL_MS,
        ...config,
        id: r.id,
        name: r.name,
        kind: r.kind,
      });
      if (!parsed.success) {
        const why = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || 'row'}: ${i.message}`)
          .join('; ');
        onSkip(`${label} left out: its hosts row does not fit (${why}).`);
        return [];
      }
      return [parsed.data];
    });
  }

  /** Removes a host and everything stored about it. */
  removeHost(id: string): boolean {
    return this.db.transaction(() => {
      this.series.deleteHost(id);
      this.db.prepare('DELETE FROM health_changes WHERE host_id = ?').run(id);
      return this.db.prepare('DELETE FROM hosts WHERE id = ?').run(id).changes > 0;
    })();
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

  /** Writes one poll (its packed row, rollups and the latest-sample row) in one transaction. */
  writeSample(sample: Sample): void {
    this.writeTx([sample]);
  }

  /**
   * Writes one poll's points under a key that is not a host (a database's metrics, under
   * serviceSeriesKey): the same packed rows and rollups, read back with range().
   */
  writePoints(key: string, ts: number, points: readonly FlatPoint[]): void {
    if (points.length) this.db.transaction(() => this.series.write(key, ts, points))();
  }

  /** Forgets every point stored under a key (a removed service). */
  deletePoints(key: string): void {
    this.db.transaction(() => this.series.deleteHost(key))();
  }

  /** Writes the polls of a sweep in one transaction. */
  writeSamples(samples: readonly Sample[]): void {
    if (samples.length) this.writeTx(samples);
  }

  latestSample(hostId: string): Sample | null {
    const parsed = SampleSchema.safeParse(parseJson(this.stmts.latest.get(hostId)));
    return parsed.success ? parsed.data : null;
  }

  /** The latest sample of every host, for the board (one query); one that does not read is left out. */
  latestSamples(): Sample[] {
    return this.stmts.allLatest.all().flatMap((raw) => {
      const parsed = SampleSchema.safeParse(parseJson(raw));
      return parsed.success ? [parsed.data] : [];
    });
  }

  /**
   * Series of a host over [from, to] in at most `maxPoints` buckets, each with mean, min and
   * max, read from the coarsest tier that still fits (see rangeQuery.ts).
   */
  range(
    hostId: string,
    series: readonly { metric: string; labels: string }[],
    from: number,
    to: number,
    maxPoints: number,
  ): RangeResult {
    return this.series.query.range(hostId, series, from, to, maxPoints);
  }

  /** A host's newest raw polls in (from, to], at most `limit`, each at its own time (see rawTail.ts). */
  rawTail(
    hostId: string,
    series: readonly { metric: string; labels: string }[],
    from: number,
    to: number,
    limit: number,
  ): RawTail {
    return this.series.tail.tail(hostId, series, from, to, limit);
  }

  /**
   * Every stored row of a host over [from, to], oldest first, from the finest tier holding each
   * stretch (see historyRows.ts); returns the stretches. What a rule's back-test replays.
   */
  eachHistoryRow(
    hostId: string,
    from: number,
    to: number,
    fn: (ts: number, points: FlatPoint[], segment: HistorySegment) => void,
  ): HistorySegment[] {
    return this.series.history.forEach(hostId, from, to, fn);
  }

  /** A host's stored values of its last poll at or before `ts` (time travel). */
  pointsAt(hostId: string, ts: number): { ts: number; points: FlatPoint[]; tier: TierName } | null {
    return this.series.query.pointsAt(hostId, ts);
  }

  /** First and last sample time held, or null for an empty history. */
  timeRange(): { fromTs: number; toTs: number } | null {
    return this.series.timeRange();
  }

  /**
   * One small step of retention (see TimeSeries.prune); returns rows deleted, 0 when done.
   * @param days how long each tier is kept
   */
  pruneStep(now: number, days: Record<TierName, number>, maxRows?: number): number {
    return this.db.transaction(() => this.series.prune(now, days, maxRows))();
  }

  /** SQLite's own consistency check; "ok" or the first problems it found. */
  quickCheck(): string {
    return (this.db.pragma('quick_check(5)') as { quick_check: string }[])
      .map((r) => r.quick_check)
      .join('; ');
  }

  /** Raw values stored for a host. */
  countPoints(hostId: string): number {
    return this.series.countValues(hostId);
  }

  /**
   * A stored setting, or undefined when there is none or it is not JSON. The value is not
   * checked against `T`: a caller reading from a file it did not write checks it itself.
   */
  getSetting<T>(key: string): T | undefined {
    return parseJson(this.stmts.getSetting.get(key)) as T | undefined;
  }

  setSetting(key: string, value: unknown): void {
    this.stmts.setSetting.run(key, JSON.stringify(value));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** A stored JSON text, parsed; undefined when it is missing, not text, or not JSON. */
function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

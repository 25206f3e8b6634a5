import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  HostUsagePointSchema,
  LoadRunStatusSchema,
  LoadTestResultSchema,
  LoadTestSpecSchema,
  LoadTimelinePointSchema,
  type HostUsagePoint,
  type LoadRun,
  type LoadTarget,
  type LoadTestResult,
  type LoadTestSpec,
  type LoadTimelinePoint,
} from '../../../shared/loadTests';

/** A stored run as the store knows it: everything but the comparison, which needs the baseline. */
export type StoredRun = Omit<LoadRun, 'comparison'>;

/** How a run ended, as written by {@link LoadStore.finishRun}. */
export interface RunEnd {
  status: 'done' | 'cancelled' | 'failed';
  result: LoadTestResult | null;
  error: string | null;
  hostUsage: HostUsagePoint[];
  timeline: LoadTimelinePoint[];
}

interface TargetRow {
  id: string;
  name: string;
  spec: string;
  host_id: string | null;
  created_ts: number;
}

interface RunRow {
  id: number;
  target_id: string;
  target_name: string;
  spec: string;
  status: string;
  started_ts: number;
  result: string | null;
  error: string | null;
  baseline: number;
  host_id: string | null;
  host_usage: string;
  timeline: string;
}

const RUN_COLUMNS =
  'id, target_id, target_name, spec, status, started_ts, result, error, baseline, host_id, host_usage, timeline';

/**
 * Saved load-test targets and their runs (tables load_targets and load_runs, migration 6).
 * JSON columns are parsed on the way out: a row whose spec no longer parses (hand-edited file,
 * or caps tightened since) is left out rather than run or shown half-read.
 */
export class LoadStore {
  constructor(private readonly db: Database.Database) {}

  /** Every saved target, oldest first. */
  targets(): LoadTarget[] {
    const rows = this.db
      .prepare<[], TargetRow>('SELECT * FROM load_targets ORDER BY created_ts, rowid')
      .all();
    return rows.map(toTarget).filter((t): t is LoadTarget => t !== null);
  }

  target(id: string): LoadTarget | null {
    const row = this.db.prepare<[string], TargetRow>('SELECT * FROM load_targets WHERE id = ?').get(id);
    return row ? toTarget(row) : null;
  }

  /** Whether any target row has this id, parseable or not (ids must stay unique). */
  hasTargetId(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM load_targets WHERE id = ?').get(id) !== undefined;
  }

  /** Adds a target, or replaces the one with its id. */
  saveTarget(t: LoadTarget): void {
    this.db
      .prepare(
        `INSERT INTO load_targets (id, name, spec, host_id, created_ts) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec = excluded.spec, host_id = excluded.host_id`,
      )
      .run(t.id, t.name, JSON.stringify(t.spec), t.hostId, Math.round(t.createdAt));
  }

  /** Removes a target and every run of it. */
  removeTarget(id: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM load_runs WHERE target_id = ?').run(id);
      this.db.prepare('DELETE FROM load_targets WHERE id = ?').run(id);
    })();
  }

  /** Keeps a new run as 'running'; returns its id. */
  insertRun(target: LoadTarget, startedAt: number): number {
    const info = this.db
      .prepare(
        `INSERT INTO load_runs (target_id, target_name, spec, status, started_ts, host_id)
         VALUES (?, ?, ?, 'running', ?, ?)`,
      )
      .run(target.id, target.name, JSON.stringify(target.spec), Math.round(startedAt), target.hostId);
    return Number(info.lastInsertRowid);
  }

  finishRun(id: number, end: RunEnd): void {
    this.db
      .prepare(
        'UPDATE load_runs SET status = ?, result = ?, error = ?, host_usage = ?, timeline = ? WHERE id = ?',
      )
      .run(
        end.status,
        end.result ? JSON.stringify(end.result) : null,
        end.error,
        JSON.stringify(end.hostUsage),
        JSON.stringify(end.timeline),
        id,
      );
  }

  run(id: number): StoredRun | null {
    const row = this.db
      .prepare<[number], RunRow>(`SELECT ${RUN_COLUMNS} FROM load_runs WHERE id = ?`)
      .get(id);
    return row ? toRun(row) : null;
  }

  /** A target's runs, newest first. */
  runs(targetId: string, limit: number): StoredRun[] {
    return this.db
      .prepare<[string, number], RunRow>(
        `SELECT ${RUN_COLUMNS} FROM load_runs WHERE target_id = ? ORDER BY started_ts DESC, id DESC LIMIT ?`,
      )
      .all(targetId, limit)
      .map(toRun)
      .filter((r): r is StoredRun => r !== null);
  }

  baseline(targetId: string): StoredRun | null {
    const row = this.db
      .prepare<[string], RunRow>(
        `SELECT ${RUN_COLUMNS} FROM load_runs WHERE target_id = ? AND baseline = 1 ORDER BY id DESC LIMIT 1`,
      )
      .get(targetId);
    return row ? toRun(row) : null;
  }

  /** Makes the run its target's only baseline. */
  setBaseline(runId: number, targetId: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE load_runs SET baseline = 0 WHERE target_id = ? AND baseline = 1').run(targetId);
      this.db.prepare('UPDATE load_runs SET baseline = 1 WHERE id = ?').run(runId);
    })();
  }

  /** Marks every run still 'running' (left by a process that stopped mid-run) failed; returns how many. */
  failRunning(error: string): number {
    return this.db
      .prepare("UPDATE load_runs SET status = 'failed', error = ? WHERE status = 'running'")
      .run(error).changes;
  }
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseSpec(text: string): LoadTestSpec | null {
  const parsed = LoadTestSpecSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

function toTarget(row: TargetRow): LoadTarget | null {
  const spec = parseSpec(row.spec);
  if (!spec) return null;
  return { id: row.id, name: row.name, spec, hostId: row.host_id, createdAt: row.created_ts };
}

// Unreadable points are dropped one by one: a chart with a gap beats no chart.
const pointsOf = <T>(schema: z.ZodType<T>, text: string): T[] => {
  const raw = parseJson(text);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((p) => {
    const parsed = schema.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
};

function toRun(row: RunRow): StoredRun | null {
  const spec = parseSpec(row.spec);
  const status = LoadRunStatusSchema.safeParse(row.status);
  if (!spec || !status.success) return null;
  const result = LoadTestResultSchema.safeParse(parseJson(row.result));
  return {
    id: row.id,
    targetId: row.target_id,
    targetName: row.target_name,
    spec,
    status: status.data,
    startedAt: row.started_ts,
    result: result.success ? result.data : null,
    error: row.error,
    baseline: row.baseline === 1,
    hostId: row.host_id,
    hostUsage: pointsOf(HostUsagePointSchema, row.host_usage),
    timeline: pointsOf(LoadTimelinePointSchema, row.timeline),
  };
}

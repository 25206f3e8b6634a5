// psql's answer to one poll as a snapshot of counters, or a ServiceProblemError saying what is
// wrong and what to do. The answer is hostile input: a section may be missing (its query failed),
// a row short, a number NaN; only the meta section is required, the rest degrade to empty.
import type { ServiceConfig, ServiceSession } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { ServiceProblemError } from '../types';
import { failure, firstError } from './pgProblems';
import { clientPath, TEXT_MAX_BYTES } from './pgScript';

export interface PgSession extends ServiceSession {
  /** Over the poll's threshold (the rest are listed because they block or are blocked). */
  long: boolean;
}

export interface PgTable {
  name: string;
  bytes: number;
  live: number;
  dead: number;
  seqScan: number;
  seqTupRead: number;
  idxScan: number;
  idxTupFetch: number;
  /** Seconds since the last (auto)vacuum; null when never vacuumed. */
  vacuumAgeSec: number | null;
  xidAge: number | null;
}

export interface PgStatement {
  calls: number;
  totalMs: number;
  rows: number;
  blocks: number;
}

export interface PgSnapshot {
  versionNum: number;
  maxConnections: number;
  database: string;
  inRecovery: boolean;
  extInstalled: boolean;
  extPreloaded: boolean;
  oldestQuerySec: number;
  /** Client backends by state (the poll's own excluded). */
  conn: Record<string, number>;
  /** pg_stat_database totals; null when the section did not answer. */
  db: {
    commits: number;
    rollbacks: number;
    blksHit: number;
    blksRead: number;
    deadlocks: number;
    tempBytes: number;
  } | null;
  replicas: { name: string; state: string; lagBytes: number | null; lagSec: number | null }[];
  sessions: PgSession[];
  tables: PgTable[];
  unusedIndexes: { table: string; index: string; bytes: number }[];
  /** By query id; null when pg_stat_statements could not be read (see statementsError). */
  statements: Map<string, PgStatement> | null;
  statementsError: string | null;
  texts: Map<string, string>;
  /** The server's versioned psql (from its bin dir), when the answer named one; see pgScript's CLIENT. */
  client: string | null;
  truncated: boolean;
}

/** Marker lines split the answer; a section psql could not answer is absent. */
function sections(stdout: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  let rows: string[][] | null = null;
  for (const line of stdout.split('\n')) {
    // Only lines opening with "@@" are tried as markers: 5,000 statement rows pass by cheaply.
    const marker = line.startsWith('@@') ? /^@@([a-z]+)$/.exec(line) : null;
    if (marker?.[1]) {
      rows = [];
      out.set(marker[1], rows);
    } else if (rows && line !== '') rows.push(line.split('\t'));
  }
  return out;
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s === '' || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** Hex of UTF-8 bytes (as pgScript sends free text) back to text; garbage yields ''. */
function unhex(s: string | undefined): string {
  if (!s || !/^(?:[0-9a-f]{2})*$/i.test(s)) return '';
  return Buffer.from(s, 'hex').toString('utf8');
}

/** Hex text cut to TEXT_MAX_BYTES, without a character split at the cut. */
function cutText(s: string | undefined): string {
  if (!s || !/^(?:[0-9a-f]{2})*$/i.test(s)) return '';
  const bytes = Buffer.from(s.slice(0, TEXT_MAX_BYTES * 2), 'hex');
  return bytes.toString('utf8').replace(/\uFFFD$/, '');
}

function garbage(what: string): ServiceProblemError {
  return new ServiceProblemError(
    'garbage',
    `psql's answer made no sense (${what}); is this a PostgreSQL server?`,
  );
}

/** One poll's answer as a snapshot; throws ServiceProblemError when there is nothing to read. */
export function parsePg(out: RunOutput, cfg: ServiceConfig): PgSnapshot {
  const secs = sections(out.stdout);
  const metaRow = secs.get('meta')?.[0];
  if (!metaRow) {
    const problem = failure(out, cfg);
    if (problem) throw problem;
    if (out.stdout.trim() === '' && out.stderr.trim() !== '') {
      throw new ServiceProblemError(
        'unreachable',
        `psql could not read PostgreSQL: ${firstError(out.stderr)}`,
      );
    }
    throw garbage('no @@meta section');
  }
  const versionNum = num(metaRow[0]);
  const maxConnections = num(metaRow[1]);
  if (versionNum === null || maxConnections === null || metaRow.length < 8) throw garbage('meta row');
  // Sections after the meta one are missing or empty if the server went away mid-poll (their
  // markers are psql's own): an answer without the statements' end row is checked for that.
  if (!endRow(secs.get('statements'))) {
    const problem = failure(out, cfg);
    if (problem && problem.problem !== 'setup') throw problem;
    if (!secs.has('statements') && !out.truncated) throw garbage('the answer stops after the first sections');
  }
  const preload = unhex(metaRow[6]);
  const snap: PgSnapshot = {
    versionNum,
    maxConnections,
    database: unhex(metaRow[4]) || (cfg.database ?? 'postgres'),
    inRecovery: metaRow[3] === 't',
    extInstalled: (num(metaRow[5]) ?? 0) > 0,
    extPreloaded: preload.split(',').some((l) => l.trim().replace(/^"|"$/g, '') === 'pg_stat_statements'),
    oldestQuerySec: num(metaRow[7]) ?? 0,
    // No prototype: a state named "__proto__" in a hostile answer stays a plain key.
    conn: Object.create(null) as Record<string, number>,
    db: null,
    replicas: [],
    sessions: [],
    tables: [],
    unusedIndexes: [],
    statements: null,
    statementsError: null,
    texts: new Map(),
    client: null,
    truncated: out.truncated,
  };
  for (const [state, n] of secs.get('conn') ?? []) {
    const c = num(n);
    if (state && c !== null) snap.conn[state] = (snap.conn[state] ?? 0) + c;
  }
  const [commits, rollbacks, blksHit, blksRead, deadlocks, tempBytes] = (secs.get('db')?.[0] ?? []).map(num);
  if (
    commits != null &&
    rollbacks != null &&
    blksHit != null &&
    blksRead != null &&
    deadlocks != null &&
    tempBytes != null
  ) {
    snap.db = { commits, rollbacks, blksHit, blksRead, deadlocks, tempBytes };
  }
  for (const r of secs.get('repl') ?? []) {
    snap.replicas.push({
      name: unhex(r[0]) || '?',
      state: r[1] ?? '',
      lagBytes: num(r[2]),
      lagSec: num(r[3]),
    });
  }
  for (const r of secs.get('sessions') ?? []) {
    const pid = num(r[0]);
    if (pid === null || r.length < 8) continue;
    snap.sessions.push({
      pid,
      user: unhex(r[1]),
      state: r[2] ?? '',
      runningSec: num(r[3]) ?? 0,
      waitEvent: r[4] ? r[4] : null,
      blockedBy: (r[5] ?? '')
        .split(',')
        .map(num)
        .filter((v): v is number => v !== null),
      long: r[6] === 't',
      query: cutText(r[7]),
    });
  }
  for (const r of secs.get('tables') ?? []) {
    const v = r.slice(1).map(num);
    if (v.length < 9 || v.slice(0, 7).some((x) => x === null)) continue;
    const [bytes, live, dead, seqScan, seqTupRead, idxScan, idxTupFetch, vacuumAgeSec, xidAge] = v;
    snap.tables.push({
      name: unhex(r[0]),
      bytes: bytes!,
      live: live!,
      dead: dead!,
      seqScan: seqScan!,
      seqTupRead: seqTupRead!,
      idxScan: idxScan!,
      idxTupFetch: idxTupFetch!,
      vacuumAgeSec: vacuumAgeSec ?? null,
      xidAge: xidAge ?? null,
    });
  }
  for (const r of secs.get('unused') ?? []) {
    const bytes = num(r[2]);
    if (bytes !== null) snap.unusedIndexes.push({ table: unhex(r[0]), index: unhex(r[1]), bytes });
  }
  parseStatements(secs, out, snap);
  const binDir = unhex(secs.get('client')?.[0]?.[0]);
  snap.client = binDir ? clientPath(`${binDir.replace(/\/+$/, '')}/psql`) : null;
  return snap;
}

/** The statements section's last row, all empty: the read finished (see pgScript's STATEMENTS). */
function endRow(rows: string[][] | undefined): boolean {
  return rows?.some((r) => r.length === 5 && r.every((f) => f === '')) ?? false;
}

function parseStatements(secs: Map<string, string[][]>, out: RunOutput, snap: PgSnapshot): void {
  const rows = secs.get('statements') ?? [];
  // The query failed (extension missing, not preloaded, PG 12): psql printed its ERROR instead.
  const stmtError = /ERROR:\s*(.*pg_stat_statements.*|column "total_exec_time".*)$/m.exec(out.stderr);
  if (!snap.extInstalled || stmtError || (rows.length === 0 && !secs.has('statements'))) {
    snap.statementsError = stmtError?.[1]?.trim() ?? null;
    return;
  }
  // No end row (all empty): the read failed or was cut; what came is not all statements.
  if (!endRow(rows)) {
    snap.statementsError = firstError(out.stderr);
    return;
  }
  const stmts = new Map<string, PgStatement>();
  for (const r of rows) {
    const id = r[0];
    // The total time comes as whole microseconds.
    const [calls, totalUs, nrows, blocks] = r.slice(1).map(num);
    if (!id || !/^-?\d+$/.test(id) || calls == null || totalUs == null || nrows == null || blocks == null)
      continue;
    const totalMs = totalUs / 1000;
    const seen = stmts.get(id);
    if (seen) {
      seen.calls += calls;
      seen.totalMs += totalMs;
      seen.rows += nrows;
      seen.blocks += blocks;
    } else stmts.set(id, { calls, totalMs, rows: nrows, blocks });
  }
  snap.statements = stmts;
  for (const r of secs.get('texts') ?? []) {
    if (r[0] && /^-?\d+$/.test(r[0])) snap.texts.set(r[0], cutText(r[1]));
  }
}

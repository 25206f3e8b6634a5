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

/** Each section's lines as psql printed them (empty ones left out); see `rows` for their fields. */
type Sections = Map<string, string[]>;

/** Marker lines split the answer; a section psql could not answer is absent. */
function sections(stdout: string): Sections {
  const out: Sections = new Map();
  let lines: string[] | null = null;
  for (const line of stdout.split('\n')) {
    // Only lines opening with "@@" are tried as markers: 5,000 statement rows pass by cheaply.
    const marker = line.startsWith('@@') ? /^@@([a-z]+)$/.exec(line) : null;
    if (marker?.[1]) {
      lines = [];
      out.set(marker[1], lines);
    } else if (lines && line !== '') lines.push(line);
  }
  return out;
}

/** A section's rows, each line split at its tabs (the statements, thousands, are read by `statementsOf`). */
const rows = (secs: Sections, name: string): string[][] => (secs.get(name) ?? []).map((l) => l.split('\t'));

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
  const metaRow = rows(secs, 'meta')[0];
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
  for (const [state, n] of rows(secs, 'conn')) {
    const c = num(n);
    if (state && c !== null) snap.conn[state] = (snap.conn[state] ?? 0) + c;
  }
  const [commits, rollbacks, blksHit, blksRead, deadlocks, tempBytes] = (rows(secs, 'db')[0] ?? []).map(num);
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
  for (const r of rows(secs, 'repl')) {
    snap.replicas.push({
      name: unhex(r[0]) || '?',
      state: r[1] ?? '',
      lagBytes: num(r[2]),
      lagSec: num(r[3]),
    });
  }
  for (const r of rows(secs, 'sessions')) {
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
  for (const r of rows(secs, 'tables')) {
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
  for (const r of rows(secs, 'unused')) {
    const bytes = num(r[2]);
    if (bytes !== null) snap.unusedIndexes.push({ table: unhex(r[0]), index: unhex(r[1]), bytes });
  }
  parseStatements(secs, out, snap);
  const binDir = unhex(rows(secs, 'client')[0]?.[0]);
  snap.client = binDir ? clientPath(`${binDir.replace(/\/+$/, '')}/psql`) : null;
  return snap;
}

/** The statements section's end line, all empty (four tabs): the read finished (see pgScript's STATEMENTS). */
const END_LINE = '\t\t\t\t';
function endRow(lines: string[] | undefined): boolean {
  return lines?.includes(END_LINE) ?? false;
}

const STATEMENT_ID = /^-?\d+$/;

/**
 * The statements section's lines (`queryid calls total_us rows blocks`, tab-separated) summed by
 * query id. Thousands of lines: each is read in place by its tab positions, no array per line;
 * a line that is not five fields of numbers is skipped.
 */
function statementsOf(lines: readonly string[]): Map<string, PgStatement> {
  const stmts = new Map<string, PgStatement>();
  const field = (line: string, from: number, to: number): number | null =>
    to > from ? num(line.slice(from, to)) : null;
  for (const line of lines) {
    const t1 = line.indexOf('\t');
    const t2 = line.indexOf('\t', t1 + 1);
    const t3 = line.indexOf('\t', t2 + 1);
    const t4 = line.indexOf('\t', t3 + 1);
    if (t1 <= 0 || t4 < 0 || line.indexOf('\t', t4 + 1) >= 0) continue;
    const id = line.slice(0, t1);
    const calls = field(line, t1 + 1, t2);
    // The total time comes as whole microseconds.
    const totalUs = field(line, t2 + 1, t3);
    const nrows = field(line, t3 + 1, t4);
    const blocks = field(line, t4 + 1, line.length);
    if (!STATEMENT_ID.test(id) || calls == null || totalUs == null || nrows == null || blocks == null)
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
  return stmts;
}

function parseStatements(secs: Sections, out: RunOutput, snap: PgSnapshot): void {
  const lines = secs.get('statements') ?? [];
  // The query failed (extension missing, not preloaded, PG 12): psql printed its ERROR instead.
  const stmtError = /ERROR:\s*(.*pg_stat_statements.*|column "total_exec_time".*)$/m.exec(out.stderr);
  if (!snap.extInstalled || stmtError || (lines.length === 0 && !secs.has('statements'))) {
    snap.statementsError = stmtError?.[1]?.trim() ?? null;
    return;
  }
  // No end line (all empty): the read failed or was cut; what came is not all statements.
  if (!endRow(lines)) {
    snap.statementsError = firstError(out.stderr);
    return;
  }
  snap.statements = statementsOf(lines);
  for (const r of rows(secs, 'texts')) {
    if (r[0] && STATEMENT_ID.test(r[0])) snap.texts.set(r[0], cutText(r[1]));
  }
}

// A MySQL/MariaDB poll's answer (see command.ts) as a snapshot: the batch-mode result sets split
// by their marker lines, each read by its own header row, so a column added or missing in
// another version is a null, not a shifted value. Connection and authentication failures are
// ServiceProblemErrors with the next step; a section the server refused is a note.
import type { ServiceConfig, ServiceSession } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { lastLine, num, throwRunProblem } from '../clientProblems';
import { ServiceProblemError } from '../types';
import { DIGEST_RE } from './command';

export interface MysqlDigest {
  id: string;
  calls: number;
  /** SUM_TIMER_WAIT, picoseconds (past 2^53 a double still holds it to well under a microsecond of ms). */
  ps: number;
  rowsSent: number;
  rowsExamined: number;
}

export interface MysqlReplica {
  name: string;
  lagSec: number | null;
  io: string;
  sql: string;
  lastError: string;
}

export interface MysqlSnapshot {
  version: string;
  uptimeSec: number | null;
  maxConnections: number | null;
  performanceSchema: boolean | null;
  threadsConnected: number | null;
  threadsRunning: number | null;
  questions: number | null;
  slowQueries: number | null;
  bpReadRequests: number | null;
  bpReads: number | null;
  oldestSec: number | null;
  sessions: ServiceSession[];
  replicas: MysqlReplica[];
  /** null when performance_schema could not be read (off, or no privilege). */
  digests: MysqlDigest[] | null;
  texts: [string, string][];
  /** The server's refusals of single sections (ERROR lines), cut. */
  errors: string[];
}

type Rows = Record<string, string | null>[];

/** Batch mode escapes \t, \n and \\ inside values, and prints SQL NULL as NULL. */
function unescape(v: string): string | null {
  if (v === 'NULL') return null;
  return v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === '0' ? '\0' : c));
}

function sectionsOf(stdout: string): Map<string, Rows> {
  const raw = new Map<string, string[]>();
  let cur: string[] | null = null;
  for (const line of stdout.split('\n')) {
    const m = /^@@([a-z0-9]+)$/.exec(line);
    if (m?.[1]) {
      // The marker SELECT prints its header and its value: both start (the same) section.
      if (!raw.has(m[1])) raw.set(m[1], []);
      cur = raw.get(m[1]) ?? null;
    } else if (cur && line !== '') cur.push(line);
  }
  const out = new Map<string, Rows>();
  for (const [name, lines] of raw) {
    const [head, ...body] = lines;
    if (head === undefined) {
      out.set(name, []);
      continue;
    }
    const cols = head.split('\t');
    out.set(
      name,
      body.map((l) => {
        const vals = l.split('\t');
        return Object.fromEntries(cols.map((c, i) => [c, vals[i] === undefined ? null : unescape(vals[i])]));
      }),
    );
  }
  return out;
}

/** SHOW VARIABLES / STATUS rows as a name -> value map (names lower-cased: versions differ). */
function kv(rows: Rows | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of rows ?? []) {
    const k = r['Variable_name'];
    const v = r['Value'];
    if (k && v !== null && v !== undefined) m.set(k.toLowerCase(), v);
  }
  return m;
}

const cut = (s: string | null | undefined, n: number): string => (s ?? '').slice(0, n);

function replicasOf(s: Map<string, Rows>): MysqlReplica[] {
  const rows = (s.get('replica')?.length ? s.get('replica') : s.get('replica2')) ?? [];
  return rows.map((r) => ({
    name: cut(
      r['Connection_name'] || r['Channel_Name'] || `${r['Master_Host'] ?? r['Source_Host'] ?? '?'}`,
      100,
    ),
    lagSec: num(r['Seconds_Behind_Master'] ?? r['Seconds_Behind_Source'] ?? undefined),
    io: cut(r['Slave_IO_Running'] ?? r['Replica_IO_Running'], 20),
    sql: cut(r['Slave_SQL_Running'] ?? r['Replica_SQL_Running'], 20),
    lastError: cut(r['Last_Error'] || r['Last_IO_Error'] || r['Last_SQL_Error'], 300),
  }));
}

/**
 * The long-running sessions, and those in a row-lock wait (waiting or holding) whatever their
 * time, each once; a waiting one has the thread ids it waits on in blockedBy.
 */
function sessionsOf(rows: Rows | undefined, locks: Rows | undefined): ServiceSession[] {
  const out = (rows ?? []).flatMap((r) => sessionOf(r) ?? []);
  const byId = new Map(out.map((s) => [s.pid, s]));
  for (const r of locks ?? []) {
    const s = sessionOf(r);
    if (!s) continue;
    const blockedBy = (r['blocked_by'] ?? '')
      .split(',')
      .map((v) => num(v))
      .filter((v): v is number => v !== null)
      .slice(0, 50);
    const seen = byId.get(s.pid);
    if (seen) seen.blockedBy = blockedBy;
    else {
      out.push({ ...s, blockedBy });
      byId.set(s.pid, s);
    }
  }
  return out;
}

function sessionOf(r: Rows[number]): ServiceSession | null {
  const pid = num(r['ID'] ?? undefined);
  const sec = num(r['TIME'] ?? undefined);
  if (pid === null || sec === null) return null;
  return {
    pid,
    user: cut(r['USER'], 100),
    state: cut(r['COMMAND'], 40),
    runningSec: sec,
    waitEvent: r['STATE'] ? cut(r['STATE'], 100) : null,
    query: cut(r['INFO'], 4096),
    blockedBy: [],
  };
}

function digestsOf(rows: Rows | undefined): MysqlDigest[] | null {
  if (rows === undefined) return null;
  const out: MysqlDigest[] = [];
  for (const r of rows) {
    const id = r['DIGEST'];
    const calls = num(r['calls'] ?? undefined);
    const ps = num(r['ps'] ?? undefined);
    if (!id || !DIGEST_RE.test(id) || calls === null || ps === null) continue;
    out.push({
      id,
      calls,
      ps,
      rowsSent: num(r['sent'] ?? undefined) ?? 0,
      rowsExamined: num(r['examined'] ?? undefined) ?? 0,
    });
  }
  return out;
}

function throwConnectProblem(err: string, cfg: ServiceConfig): void {
  const line = lastLine(
    err.split('\n').find((l) => /^ERROR (2002|2003|2006|2013|1045|1698)\b/.test(l)) ?? '',
  );
  if (/^ERROR (2002|2003|2006|2013)\b/.test(line))
    throw new ServiceProblemError(
      'unreachable',
      `MySQL/MariaDB does not answer (${line}): is the server running, and is its socket in ${cfg.socketDir ?? 'the client default directory'}?`,
    );
  if (/^ERROR (1045|1698)\b/.test(line))
    throw new ServiceProblemError(
      'refused',
      `MySQL/MariaDB refused the login (${line}). Peer access logs in as the OS user through the socket: ` +
        `run as root (Debian's root@localhost uses unix_socket), or create a user IDENTIFIED VIA unix_socket for ${cfg.osUser ?? 'the login user'} with PROCESS and SELECT on performance_schema.`,
    );
}

export function parseMysql(out: RunOutput, cfg: ServiceConfig): MysqlSnapshot {
  throwRunProblem(out, 'mysql', cfg.osUser, 'mariadb-client or default-mysql-client');
  throwConnectProblem(out.stderr, cfg);
  const s = sectionsOf(out.stdout);
  const vars = kv(s.get('vars'));
  const status = kv(s.get('status'));
  const version = vars.get('version');
  if (!version || !s.has('status')) {
    const said = lastLine(out.stderr) || lastLine(out.stdout) || 'nothing';
    throw new ServiceProblemError(
      'garbage',
      `mysql's answer made no sense (it said "${said.slice(0, 200)}"${out.truncated ? ', and was cut short' : ''}).`,
    );
  }
  const ps = vars.get('performance_schema');
  return {
    version: cut(`${version} ${vars.get('version_comment') ?? ''}`.trim(), 100),
    uptimeSec: num(status.get('uptime')),
    maxConnections: num(vars.get('max_connections')),
    performanceSchema: ps === undefined ? null : ps === 'ON' || ps === '1',
    threadsConnected: num(status.get('threads_connected')),
    threadsRunning: num(status.get('threads_running')),
    questions: num(status.get('questions')),
    slowQueries: num(status.get('slow_queries')),
    bpReadRequests: num(status.get('innodb_buffer_pool_read_requests')),
    bpReads: num(status.get('innodb_buffer_pool_reads')),
    oldestSec: num(s.get('oldest')?.[0]?.['oldest'] ?? undefined),
    sessions: sessionsOf(s.get('sessions'), s.get('locks')),
    replicas: replicasOf(s),
    digests: digestsOf(s.get('digests')),
    texts: (s.get('texts') ?? []).flatMap((r) =>
      r['DIGEST'] && DIGEST_RE.test(r['DIGEST']) && r['text']
        ? [[r['DIGEST'], cut(r['text'], 4096)] as [string, string]]
        : [],
    ),
    errors: out.stderr
      .split('\n')
      .filter((l) => /^ERROR \d+/.test(l))
      .slice(0, 5)
      .map((l) => cut(l, 300)),
  };
}

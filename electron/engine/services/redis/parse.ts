// A Redis poll's answer (see command.ts) as a snapshot: INFO's counters as Redis reports them,
// the PING timings and the newest SLOWLOG entries. Every field may be missing or junk (another
// Redis version, a truncated answer): null, never a crash. What says the service cannot be
// read (stopped, password, missing client) is a ServiceProblemError with the next step.
import type { ServiceConfig } from '../../../../shared/services';
import type { RunOutput } from '../../collectors/types';
import { lastLine, num, throwRunProblem } from '../clientProblems';
import { ServiceProblemError } from '../types';

export interface RedisReplica {
  /** "ip:port" as the master lists it. */
  name: string;
  offset: number | null;
  state: string;
}

export interface RedisSlowEntry {
  id: number;
  /** Unix seconds when it ran. */
  ts: number;
  micros: number;
  /** The command and its arguments, each cut (values may be large). */
  args: string[];
  client: string;
}

export interface RedisSnapshot {
  version: string;
  /** Changes when the server restarts: counters start again from zero. */
  runId: string;
  uptimeSec: number | null;
  commands: number | null;
  hits: number | null;
  misses: number | null;
  usedMemory: number | null;
  maxmemory: number | null;
  maxmemoryPolicy: string | null;
  evicted: number | null;
  clientsConnected: number | null;
  clientsBlocked: number | null;
  rejected: number | null;
  role: string | null;
  masterReplOffset: number | null;
  replicas: RedisReplica[];
  /** On a replica: the link to its master ("up"/"down"). */
  masterLinkStatus: string | null;
  rdbStatus: string | null;
  aofEnabled: boolean;
  aofWriteStatus: string | null;
  aofRewriteStatus: string | null;
  /** Average of the timed PINGs, ms; null when none answered. */
  pingMs: number | null;
  pingMaxMs: number | null;
  /** Newest first; null when SLOWLOG could not be read (see slowlogNote). */
  slowlog: RedisSlowEntry[] | null;
  slowlogNote: string | null;
}

const ARG_MAX = 64;
const ARGS_MAX = 8;

/** Splits the script's output into its sections by marker line. */
function sections(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | null = null;
  let buf: string[] = [];
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = /^@@(both|info|latency|slowlog|end)$/.exec(line);
    if (m?.[1]) {
      if (name) out.set(name, buf.join('\n'));
      name = m[1];
      buf = [];
    } else if (name) buf.push(line);
  }
  if (name) out.set(name, buf.join('\n'));
  return out;
}

function infoFields(text: string): Map<string, string> {
  const f = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) f.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return f;
}

/** slaveN:ip=…,port=…,state=online,offset=…,lag=… */
function replicasOf(f: Map<string, string>): RedisReplica[] {
  const out: RedisReplica[] = [];
  for (const [k, v] of f) {
    if (!/^slave\d+$/.test(k)) continue;
    const kv = new Map(v.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
    out.push({
      name: `${kv.get('ip') ?? '?'}:${kv.get('port') ?? '?'}`.slice(0, 100),
      offset: num(kv.get('offset')),
      state: (kv.get('state') ?? '').slice(0, 40),
    });
  }
  return out;
}

function cut(s: unknown): string {
  const t = typeof s === 'string' ? s : String(s);
  return t.length > ARG_MAX ? `${t.slice(0, ARG_MAX)}…` : t;
}

/**
 * The one-invocation answer (@@both): [INFO text, SLOWLOG entries] as redis-cli --json prints
 * the Lua script's reply. Null when it is not that (the script was refused and the separate
 * @@info and @@slowlog sections follow, or junk).
 */
function bothOf(text: string | undefined): { info: string; slowlog: unknown[] } | null {
  const body = (text ?? '').trim();
  if (!body.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(body);
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && Array.isArray(v[1]))
      return { info: v[0].replace(/\r\n/g, '\n'), slowlog: v[1] as unknown[] };
  } catch {
    // not the script's answer
  }
  return null;
}

/** SLOWLOG GET as redis-cli --json prints it: [[id, ts, micros, [args…], client, name], …]. */
function slowlogOf(text: string | undefined, stderr: string): Pick<RedisSnapshot, 'slowlog' | 'slowlogNote'> {
  const body = (text ?? '').trim();
  if (text === undefined || body.startsWith('@@slowlog-failed') || body === '') {
    const why = /unrecognized option.*json/i.test(stderr)
      ? 'redis-cli on the host is older than 7.0 (no --json)'
      : lastLine(stderr) || 'no answer';
    return { slowlog: null, slowlogNote: `SLOWLOG not read: ${why}.` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { slowlog: null, slowlogNote: `SLOWLOG not read: "${body.slice(0, 80)}".` };
  }
  return slowEntries(parsed);
}

function slowEntries(parsed: unknown): Pick<RedisSnapshot, 'slowlog' | 'slowlogNote'> {
  if (!Array.isArray(parsed)) return { slowlog: null, slowlogNote: 'SLOWLOG not read: not a list.' };
  const entries: RedisSlowEntry[] = [];
  for (const e of parsed as unknown[]) {
    if (!Array.isArray(e)) continue;
    const [id, ts, micros, args, client] = e as unknown[];
    if (typeof id !== 'number' || typeof micros !== 'number') continue;
    const argv = Array.isArray(args) ? args : [];
    const shown = argv.slice(0, ARGS_MAX).map(cut);
    if (argv.length > ARGS_MAX) shown.push(`… (${argv.length - ARGS_MAX} more)`);
    entries.push({
      id,
      ts: typeof ts === 'number' ? ts : 0,
      micros,
      args: shown,
      client: cut(client ?? ''),
    });
  }
  return { slowlog: entries, slowlogNote: null };
}

export function parseRedis(out: RunOutput, cfg: ServiceConfig): RedisSnapshot {
  throwRunProblem(out, 'redis-cli', cfg.osUser, 'redis-tools');
  const s = sections(out.stdout);
  const both = bothOf(s.get('both'));
  const info = both?.info ?? s.get('info') ?? '';
  // The reply's own first word, not INFO's errorstat_NOAUTH counter (other clients' failures).
  if (/^NOPERM\b/m.test(info)) {
    throw new ServiceProblemError(
      'refused',
      `Redis's default user may not run INFO (${lastLine(info)}): allow it +info +slowlog +ping in its ACL.`,
    );
  }
  if (/^(NOAUTH|WRONGPASS)\b/m.test(info) || /^(NOAUTH|WRONGPASS)\b/m.test(out.stderr)) {
    throw new ServiceProblemError(
      'refused',
      'This Redis needs a password: add the service again with --via tunnel and give its password ' +
        '(--password-stdin, or the password field of the form), which is kept with the other secrets.',
    );
  }
  if (/Could not connect to Redis|Connection refused/i.test(out.stderr) && !info.includes('redis_version')) {
    throw new ServiceProblemError(
      'unreachable',
      `Redis does not answer on 127.0.0.1:${cfg.port} (${lastLine(out.stderr)}): is redis-server running, and on this port?`,
    );
  }
  const f = infoFields(info);
  const version = f.get('redis_version');
  if (!version) {
    const said = lastLine(info) || lastLine(out.stderr) || lastLine(out.stdout) || 'nothing';
    throw new ServiceProblemError(
      'garbage',
      `redis-cli's INFO answer made no sense (it said "${said}"${out.truncated ? ', and was cut short' : ''}).`,
    );
  }
  const lat = (s.get('latency') ?? '').trim().split(/\s+/).map(Number);
  const pingOk = lat.length === 4 && lat.every(Number.isFinite) && (lat[3] ?? 0) > 0;
  return {
    version: version.slice(0, 40),
    runId: (f.get('run_id') ?? '').slice(0, 64),
    uptimeSec: num(f.get('uptime_in_seconds')),
    commands: num(f.get('total_commands_processed')),
    hits: num(f.get('keyspace_hits')),
    misses: num(f.get('keyspace_misses')),
    usedMemory: num(f.get('used_memory')),
    maxmemory: num(f.get('maxmemory')),
    maxmemoryPolicy: f.get('maxmemory_policy')?.slice(0, 40) ?? null,
    evicted: num(f.get('evicted_keys')),
    clientsConnected: num(f.get('connected_clients')),
    clientsBlocked: num(f.get('blocked_clients')),
    rejected: num(f.get('rejected_connections')),
    role: f.get('role')?.slice(0, 20) ?? null,
    masterReplOffset: num(f.get('master_repl_offset')),
    replicas: replicasOf(f),
    masterLinkStatus: f.get('master_link_status')?.slice(0, 20) ?? null,
    rdbStatus: f.get('rdb_last_bgsave_status')?.slice(0, 20) ?? null,
    aofEnabled: f.get('aof_enabled') === '1',
    aofWriteStatus: f.get('aof_last_write_status')?.slice(0, 20) ?? null,
    aofRewriteStatus: f.get('aof_last_bgrewrite_status')?.slice(0, 20) ?? null,
    pingMs: pingOk ? (lat[2] ?? null) : null,
    pingMaxMs: pingOk ? (lat[1] ?? null) : null,
    ...(both ? slowEntries(both.slowlog) : slowlogOf(s.get('slowlog'), out.stderr)),
  };
}

import type { DiskUsage } from '../../../shared/schemas';
import { parseMounts } from '../procfs/parse';
import { diskUsage, type ProcTexts } from '../procfs/snapshot';

/**
 * The remote side of a poll, in POSIX sh. It is sent once when the session opens and defines
 * `gb_poll`; each poll is then one line on the session's stdin and one framed reply. Files are
 * copied with the shell's own `read` (no `cat` per file), processes are counted with a glob,
 * and `df` is the only process a poll starts. It runs under dash, bash and BusyBox ash.
 */
export const POLL_SCRIPT = String.raw`
export LC_ALL=C
gb_cat() { while IFS= read -r gb_l || [ -n "$gb_l" ]; do printf '%s\n' "$gb_l"; done < "$1"; }
gb_poll() {
  gb_id=$1
  printf '@@GB:BEGIN %s\n' "$gb_id"
  for gb_f in stat meminfo loadavg diskstats net/dev uptime mounts; do
    printf '@@GB:FILE %s\n' "$gb_f"
    if [ -r "/proc/$gb_f" ]; then gb_cat "/proc/$gb_f"; fi
  done
  printf '@@GB:PROCS\n'
  set -- /proc/[0-9]*; printf '%s\n' "$#"
  printf '@@GB:DF\n'
  df -P -k 2>/dev/null
  printf '@@GB:END %s\n' "$gb_id"
}
gb_os() { printf '@@GB:OS %s\n' "$(uname -s 2>/dev/null || echo unknown)"; }
`;

export const SECTION_FILES = [
  'stat',
  'meminfo',
  'loadavg',
  'diskstats',
  'net/dev',
  'uptime',
  'mounts',
] as const;

export interface RemotePoll {
  texts: ProcTexts;
  disks: DiskUsage[];
  processCount: number;
}

/** Output that is not what the poll script prints: truncated, garbage, or from another shell. */
export class PollOutputError extends Error {
  override name = 'PollOutputError';
}

/** Splits one framed reply (from BEGIN to END) into the /proc texts, disks and process count. */
export function parsePollOutput(out: string, id: string): RemotePoll {
  const begin = out.indexOf(`@@GB:BEGIN ${id}\n`);
  const end = out.indexOf(`@@GB:END ${id}`);
  if (begin < 0 || end < begin)
    throw new PollOutputError('the reply is not framed the way the poll script frames it');
  const body = out.slice(begin, end);
  const files = new Map<string, string>();
  let procs = '';
  let df = '';
  let current: { kind: 'file'; name: string } | { kind: 'procs' } | { kind: 'df' } | null = null;
  let buf: string[] = [];
  const flush = (): void => {
    if (!current) return;
    const text = buf.join('\n');
    if (current.kind === 'file') files.set(current.name, text);
    else if (current.kind === 'procs') procs = text;
    else df = text;
    buf = [];
  };
  for (const line of body.split('\n').slice(1)) {
    if (line.startsWith('@@GB:FILE ')) {
      flush();
      current = { kind: 'file', name: line.slice(10) };
    } else if (line === '@@GB:PROCS') {
      flush();
      current = { kind: 'procs' };
    } else if (line === '@@GB:DF') {
      flush();
      current = { kind: 'df' };
    } else {
      buf.push(line);
    }
  }
  flush();
  const need = (name: string): string => {
    const t = files.get(name);
    if (!t) throw new PollOutputError(`the reply has no /proc/${name}`);
    return t;
  };
  const processCount = Number(procs.trim());
  return {
    texts: {
      stat: need('stat'),
      meminfo: need('meminfo'),
      loadavg: need('loadavg'),
      diskstats: files.get('diskstats') ?? '',
      netdev: files.get('net/dev') ?? '',
      uptime: need('uptime'),
    },
    disks: parseDf(df, files.get('mounts') ?? ''),
    processCount: Number.isInteger(processCount) ? processCount : 0,
  };
}

/**
 * `df -P -k` rows for the data filesystems named in /proc/mounts (df alone cannot tell a disk
 * from a tmpfs on BusyBox, which lacks -T). Used% is df's own rounding-free computation.
 */
export function parseDf(df: string, mountsText: string): DiskUsage[] {
  const wanted = new Map(parseMounts(mountsText).map((m) => [m.mount, m.fs]));
  const out: DiskUsage[] = [];
  const seen = new Set<string>();
  for (const line of df.split('\n').slice(1)) {
    // Filesystem 1024-blocks Used Available Capacity Mounted-on; the mount may contain spaces.
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+%\s+(.+)$/.exec(line.trim());
    if (!m) continue;
    const mount = m[5] ?? '';
    const fs = wanted.get(mount);
    if (!fs || seen.has(mount)) continue;
    seen.add(mount);
    const total = Number(m[2]) * 1024;
    const used = Number(m[3]) * 1024;
    const avail = Number(m[4]) * 1024;
    out.push(diskUsage(mount, fs, total, total - used, avail));
  }
  return out;
}

import type { DiskUsage } from '../../../shared/schemas';
import { parseMounts } from '../procfs/parse';
import { diskUsage, inodeUsePct, type ProcTexts } from '../procfs/snapshot';

/**
 * Filesystem types that are never data disks, left out of /proc/mounts on the host to save bytes.
 * Only a pre-filter: parseMounts still decides, and a test checks it rejects every one of these.
 */
export const PSEUDO_FS = [
  'proc',
  'sysfs',
  'tmpfs',
  'devtmpfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'mqueue',
  'securityfs',
  'pstore',
  'debugfs',
  'tracefs',
  'configfs',
  'fusectl',
  'hugetlbfs',
  'bpf',
  'binfmt_misc',
  'autofs',
  'nsfs',
  'rpc_pipefs',
  'ramfs',
  'squashfs',
  'efivarfs',
  'selinuxfs',
] as const;

/**
 * The remote side of a poll, in POSIX sh. It is sent once when the session opens and defines
 * `gb_poll`; each poll is then one line on the session's stdin and one framed reply. Files are
 * read with the shell's own `read` (no `cat` per file), processes are counted with a glob, and
 * `df` is the only program a poll starts: twice, for blocks (`-k`) and inodes (`-i`), since no
 * option both GNU and BusyBox df take prints the two at once. It runs under dash, bash and
 * BusyBox ash. A BusyBox built without `df -i` (it is part of FEATURE_DF_FANCY) prints nothing
 * for it, and its disks then have null inode use.
 *
 * Only what the parsers use is sent: the `cpu` lines of /proc/stat (not the long `intr` line
 * after them), eight /proc/meminfo keys, whole-disk rows of /proc/diskstats up to the I/O
 * time column (partitions dropped; a superset: the parser still picks), interfaces other than
 * `lo`, and mounts that are not pseudo filesystems.
 * The reply is built in a variable and printed at the end, so dash and ash write it in one
 * write(2) and it crosses SSH as one packet instead of one per line: that halves the client's
 * CPU per poll and takes most of the work off sshd. (bash, /bin/sh on RHEL and Arch, still
 * writes it a line at a time: its stdout is line-buffered.)
 */
export const POLL_SCRIPT = String.raw`
export LC_ALL=C
gb_nl='
'
gb_add() { gb_o="$gb_o$1$gb_nl"; }
gb_poll() {
  gb_id=$1
  gb_o="@@GB:BEGIN $gb_id$gb_nl@@GB:FILE stat$gb_nl"
  while IFS= read -r gb_l; do
    case $gb_l in cpu*) gb_add "$gb_l" ;; *) break ;; esac
  done < /proc/stat
  gb_add '@@GB:FILE meminfo'
  gb_n=0
  while [ "$gb_n" -lt 8 ] && IFS= read -r gb_l; do
    case $gb_l in
    MemTotal:* | MemFree:* | MemAvailable:* | Buffers:* | Cached:* | SwapTotal:* | SwapFree:* | SReclaimable:*)
      gb_add "$gb_l"
      gb_n=$((gb_n + 1)) ;;
    esac
  done < /proc/meminfo
  for gb_f in loadavg uptime; do
    gb_add "@@GB:FILE $gb_f"
    if IFS= read -r gb_l < "/proc/$gb_f"; then gb_add "$gb_l"; fi
  done
  gb_add '@@GB:FILE diskstats'
  if [ -r /proc/diskstats ]; then
    while read -r gb_a gb_b gb_d gb_1 gb_2 gb_3 gb_4 gb_5 gb_6 gb_7 gb_8 gb_9 gb_10 gb_l; do
      case $gb_d in
      *[0-9]p[0-9]* | [shv]d*[0-9] | xvd*[0-9]) ;;
      [shv]d* | xvd* | nvme* | mmcblk*)
        gb_add "$gb_a $gb_b $gb_d $gb_1 $gb_2 $gb_3 $gb_4 $gb_5 $gb_6 $gb_7 $gb_8 $gb_9 $gb_10" ;;
      esac
    done < /proc/diskstats
  fi
  gb_add '@@GB:FILE net/dev'
  while IFS=: read -r gb_a gb_l; do
    case " $gb_a" in *' lo') ;; *) [ -z "$gb_l" ] || gb_add "$gb_a:$gb_l" ;; esac
  done < /proc/net/dev
  gb_add '@@GB:FILE mounts'
  while read -r gb_a gb_b gb_d gb_l; do
    case $gb_d in
    ${PSEUDO_FS.join(' | ')}) ;;
    *) gb_add "$gb_a $gb_b $gb_d $gb_l" ;;
    esac
  done < /proc/mounts
  set -- /proc/[0-9]*
  gb_add "@@GB:PROCS$gb_nl$#$gb_nl@@GB:DF"
  gb_add "$(df -P -k 2>/dev/null)"
  gb_add '@@GB:DFI'
  gb_add "$(df -P -i 2>/dev/null)"
  gb_add "@@GB:END $gb_id"
  printf '%s' "$gb_o"
  gb_o=
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

const MARK = '@@GB:';

/** Section name for a marker line's text after `@@GB:`; null if it is not a section marker. */
function sectionOf(marker: string): string | null {
  if (marker.startsWith('FILE ')) return marker.slice(5);
  return marker === 'PROCS' || marker === 'DF' || marker === 'DFI' ? marker : null;
}

/**
 * Splits one framed reply (from BEGIN to END) into the /proc texts, disks and process count.
 * It jumps from marker to marker and slices the text between them: no per-line split and join.
 */
export function parsePollOutput(out: string, id: string): RemotePoll {
  const beginMark = `${MARK}BEGIN ${id}\n`;
  const begin = out.indexOf(beginMark);
  const end = begin < 0 ? -1 : out.indexOf(`${MARK}END ${id}`, begin);
  if (begin < 0 || end < 0)
    throw new PollOutputError('the reply is not framed the way the poll script frames it');
  const sections = new Map<string, string>();
  let name: string | null = null;
  let textStart = begin + beginMark.length;
  let at = out.startsWith(MARK, textStart) ? textStart : out.indexOf(`\n${MARK}`, textStart) + 1;
  while (at > 0 && at < end) {
    const lineEnd = out.indexOf('\n', at);
    const next = sectionOf(out.slice(at + MARK.length, lineEnd < 0 ? end : lineEnd));
    if (next !== null) {
      if (name !== null) sections.set(name, out.slice(textStart, at - 1));
      name = next;
      textStart = lineEnd + 1;
    }
    at = out.indexOf(`\n${MARK}`, at) + 1;
  }
  if (name !== null) sections.set(name, out.slice(textStart, end));
  const need = (file: string): string => {
    const t = sections.get(file);
    if (!t) throw new PollOutputError(`the reply has no /proc/${file}`);
    return t;
  };
  const processCount = Number((sections.get('PROCS') ?? '').trim());
  return {
    texts: {
      stat: need('stat'),
      meminfo: need('meminfo'),
      loadavg: need('loadavg'),
      diskstats: sections.get('diskstats') ?? '',
      netdev: sections.get('net/dev') ?? '',
      uptime: need('uptime'),
    },
    disks: parseDf(sections.get('DF') ?? '', sections.get('mounts') ?? '', sections.get('DFI') ?? ''),
    processCount: Number.isInteger(processCount) ? processCount : 0,
  };
}

/** A `df -P` row: filesystem, total, used, free, use% (`-` for no inodes on GNU), mount (may have spaces). */
const DF_ROW = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(?:\d+%|-)\s+(.+)$/;

/**
 * `df -P -k` rows for the data filesystems named in /proc/mounts (df alone cannot tell a disk
 * from a tmpfs on BusyBox, which lacks -T), with inode use from the `df -P -i` rows of the same
 * mounts when there are any. Used% is df's own rounding-free computation.
 */
export function parseDf(df: string, mountsText: string, dfInodes = ''): DiskUsage[] {
  const wanted = new Map(parseMounts(mountsText).map((m) => [m.mount, m.fs]));
  const inodes = new Map<string, number | null>();
  for (const line of dfInodes.split('\n').slice(1)) {
    const m = DF_ROW.exec(line.trim());
    const mount = m?.[5];
    if (m && mount && wanted.has(mount) && !inodes.has(mount))
      inodes.set(mount, inodeUsePct(Number(m[3]), Number(m[4])));
  }
  const out: DiskUsage[] = [];
  const seen = new Set<string>();
  for (const line of df.split('\n').slice(1)) {
    const m = DF_ROW.exec(line.trim());
    if (!m) continue;
    const mount = m[5] ?? '';
    const fs = wanted.get(mount);
    if (!fs || seen.has(mount)) continue;
    seen.add(mount);
    const total = Number(m[2]) * 1024;
    const used = Number(m[3]) * 1024;
    const avail = Number(m[4]) * 1024;
    out.push(diskUsage(mount, fs, total, total - used, avail, inodes.get(mount) ?? null));
  }
  return out;
}

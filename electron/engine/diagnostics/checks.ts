import type { DiagCheck } from '../../../shared/schemas';
import { shellCommand } from '../ssh/shellQuote';
import type { CheckSpec } from './checkSpec';
import { DB_CHECKS } from './dbChecks';

export type { CheckSpec } from './checkSpec';

const firstLines = (n: number) => (out: string) =>
  out
    .split('\n')
    .slice(0, n + 1)
    .join('\n');

/** Largest directories first; `du` prints "size<TAB>path" in KiB. */
function sortDu(out: string): string {
  const rows = out
    .split('\n')
    .map((l) => /^(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .slice(0, 20);
  return rows.map((m) => `${(Number(m[1]) / 1024).toFixed(1).padStart(10)} MiB  ${m[2]}`).join('\n');
}

export const BUILTIN_CHECKS: CheckSpec[] = [
  {
    id: 'top-cpu',
    title: 'Top processes by CPU',
    description: 'The 20 busiest processes (ps).',
    takesPath: false,
    argv: () => ['ps', '-eo', 'pid,user,pcpu,pmem,rss,comm', '--sort=-pcpu'],
    shape: firstLines(20),
  },
  {
    id: 'top-mem',
    title: 'Top processes by memory',
    description: 'The 20 largest processes by resident memory (ps).',
    takesPath: false,
    argv: () => ['ps', '-eo', 'pid,user,pcpu,pmem,rss,comm', '--sort=-rss'],
    shape: firstLines(20),
  },
  {
    id: 'disk-usage',
    title: 'Disk usage per mount',
    description: 'Used and free space of every mounted filesystem (df).',
    takesPath: false,
    argv: () => ['df', '-hP'],
  },
  {
    id: 'largest-dirs',
    title: 'Largest directories',
    description: 'The biggest directories one level under a path, on the same filesystem (du).',
    takesPath: true,
    argv: (path = '/var') => ['du', '-x', '-k', '-d', '1', path],
    shape: sortDu,
  },
  {
    id: 'listening-ports',
    title: 'Listening ports',
    description: 'TCP and UDP sockets waiting for connections (ss).',
    takesPath: false,
    argv: () => ['ss', '-ltunp'],
  },
  {
    id: 'failed-units',
    title: 'Failed systemd units',
    description: 'Services that failed to start or crashed (systemctl --failed).',
    takesPath: false,
    argv: () => ['systemctl', '--failed', '--no-pager', '--plain'],
  },
  {
    id: 'journal-errors',
    title: 'Recent errors in the journal',
    description: 'The last 50 log lines at priority "err" or worse (journalctl).',
    takesPath: false,
    argv: () => ['journalctl', '-p', 'err', '-n', '50', '--no-pager', '-q'],
  },
  {
    id: 'memory-pressure',
    title: 'Memory pressure',
    description: 'Pressure stall information and the memory counters (/proc/pressure/memory, /proc/meminfo).',
    takesPath: false,
    argv: () => ['cat', '/proc/pressure/memory', '/proc/meminfo'],
  },
  {
    id: 'kernel-errors',
    title: 'Recent kernel errors',
    description: 'Kernel messages at level err or worse (dmesg).',
    takesPath: false,
    argv: () => ['dmesg', '--level=emerg,alert,crit,err', '--ctime'],
    shape: (out) => out.split('\n').slice(-50).join('\n'),
  },
  ...DB_CHECKS,
];

export function describeCheck(spec: CheckSpec): DiagCheck {
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    takesPath: spec.takesPath,
    custom: false,
    command: shellCommand(spec.argv(spec.takesPath ? '/var' : undefined)),
  };
}

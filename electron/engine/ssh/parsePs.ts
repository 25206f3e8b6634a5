import type { ProcessInfo } from '../../../shared/schemas';

/** Parses `ps -eo pid=,user=,pcpu=,pmem=,rss=,comm=,args=` (procps) into process rows. */
export function parsePs(out: string): ProcessInfo[] {
  const rows: ProcessInfo[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\S+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    rows.push({
      pid: Number(m[1]),
      user: m[2] ?? '',
      cpuPct: Number(m[3]),
      memPct: Number(m[4]),
      memRssBytes: Number(m[5]) * 1024,
      name: m[6] ?? '?',
      command: (m[7] ?? '').slice(0, 500) || (m[6] ?? '?'),
    });
  }
  return rows;
}

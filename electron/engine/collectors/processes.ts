import type { ProcessInfo } from '../../../shared/schemas';

/**
 * Top processes through systeminformation, which handles Linux, macOS and Windows. It is
 * on demand (the host page asks for it), never part of the poll loop.
 */
export async function topProcessesViaSi(by: 'cpu' | 'memory', limit: number): Promise<ProcessInfo[]> {
  const si = await systemInformation();
  const data = await si.processes();
  const list = data.list
    .filter((p) => p.pid > 0)
    .map((p) => ({
      pid: p.pid,
      name: p.name || '?',
      command: [p.command, p.params].filter(Boolean).join(' ').slice(0, 500) || p.name || '?',
      user: p.user || '',
      cpuPct: Number.isFinite(p.cpu) ? p.cpu : 0,
      memPct: Number.isFinite(p.mem) ? p.mem : 0,
      memRssBytes: (p.memRss || 0) * 1024,
    }));
  list.sort((a, b) =>
    by === 'cpu' ? b.cpuPct - a.cpuPct || b.memPct - a.memPct : b.memRssBytes - a.memRssBytes,
  );
  return list.slice(0, limit);
}

/** systeminformation loads on first use (~20 ms): Linux polls read /proc and need it only for processes. */
export async function systemInformation(): Promise<typeof import('systeminformation')> {
  return (await import('systeminformation')).default;
}

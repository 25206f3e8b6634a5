import type { Sample } from '../../../../../shared/schemas';
import type { Store } from '../../../store/store';
import { makeSample } from '../../../testing/fakes';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const GIB = 2 ** 30;

/** What one poll of a member reads, as a test shapes it; left out: makeSample's healthy values. */
export interface PollShape {
  cpu?: number;
  memPct?: number;
  /** 5-minute load (the host has 4 cores). */
  load5?: number;
  /** One mount: its size and used bytes. */
  disk?: { mount: string; totalBytes: number; usedBytes: number };
}

/**
 * Writes a member's polls every `stepMs` over [from, to] through the real Store (packed rows
 * and rollup tiers, as the engine writes them), one transaction per thousand polls.
 */
export function writeMember(
  store: Store,
  host: { id: string; name: string; tags: string[] },
  from: number,
  to: number,
  stepMs: number,
  shape: (ts: number) => PollShape,
): void {
  store.upsertHost({ ...host, kind: 'ssh', intervalMs: stepMs }, from);
  const memTotal = 16 * GIB;
  let batch: Sample[] = [];
  for (let ts = from; ts <= to; ts += stepMs) {
    const s = shape(ts);
    const base = makeSample(host.id, ts);
    const used = s.memPct === undefined ? base.mem.usedBytes : (s.memPct / 100) * memTotal;
    const load = s.load5 ?? 0.5;
    batch.push({
      ...base,
      cpu: { ...base.cpu, cores: 4, busyPct: s.cpu ?? base.cpu.busyPct },
      load: [load, load, load],
      mem: { totalBytes: memTotal, usedBytes: used, availableBytes: memTotal - used },
      disks: s.disk
        ? [
            {
              mount: s.disk.mount,
              fs: 'ext4',
              totalBytes: s.disk.totalBytes,
              usedBytes: s.disk.usedBytes,
              usedPct: (s.disk.usedBytes / s.disk.totalBytes) * 100,
              inodesUsedPct: null,
            },
          ]
        : [],
    });
    if (batch.length >= 1000) {
      store.writeSamples(batch);
      batch = [];
    }
  }
  store.writeSamples(batch);
}

import type { Sample } from '../../../../shared/schemas';
import type { Store } from '../../store/store';
import { makeSample } from '../../testing/fakes';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const GIB = 2 ** 30;

/** A repeatable noise in [-1, 1) (a linear congruential sequence), so every run writes the same. */
export function noise(seed = 1): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

/** One mount as a test shapes it at a moment: size and used bytes, inode use; null: not mounted. */
export interface DiskAt {
  mount: string;
  totalBytes: number;
  usedBytes: number;
  inodesUsedPct?: number | null;
}

/**
 * Writes a host's polls every `stepMs` over [from, to] through the real Store (packed rows and
 * rollup tiers, as the engine writes them), one transaction per thousand polls.
 */
export function writeHistory(
  store: Store,
  hostId: string,
  from: number,
  to: number,
  stepMs: number,
  shape: (ts: number) => { disks?: DiskAt[]; memUsedBytes?: number; memTotalBytes?: number },
): void {
  store.upsertHost({ id: hostId, name: hostId, kind: 'local', intervalMs: stepMs, tags: [] }, from);
  let batch: Sample[] = [];
  for (let ts = from; ts <= to; ts += stepMs) {
    const s = shape(ts);
    const base = makeSample(hostId, ts);
    const memTotal = s.memTotalBytes ?? base.mem.totalBytes;
    const memUsed = s.memUsedBytes ?? base.mem.usedBytes;
    batch.push({
      ...base,
      mem: { totalBytes: memTotal, usedBytes: memUsed, availableBytes: memTotal - memUsed },
      disks: (s.disks ?? []).map((d) => ({
        mount: d.mount,
        fs: 'ext4',
        totalBytes: d.totalBytes,
        usedBytes: d.usedBytes,
        usedPct: (d.usedBytes / d.totalBytes) * 100,
        inodesUsedPct: d.inodesUsedPct ?? null,
      })),
    });
    if (batch.length >= 1000) {
      store.writeSamples(batch);
      batch = [];
    }
  }
  store.writeSamples(batch);
}

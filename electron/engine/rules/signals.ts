import { memUsedPct } from '../../../shared/metrics';
import type { Sample } from '../../../shared/schemas';

import { PERCENT_KINDS, type SignalKind } from '../../../shared/alerts';

export { PERCENT_KINDS, SIGNAL_KINDS, type SignalKind } from '../../../shared/alerts';

/**
 * One signal of one host: the kind alone (`cpu`), or kind and instance for signals a host has
 * several of (`disk:/var` and `inodes:/var` per mount, `netErrors:eth0` per interface).
 */
export type SignalId = string;

export interface SignalReading {
  id: SignalId;
  kind: SignalKind;
  /** How the signal reads in a sentence: "CPU", "disk /var". */
  label: string;
  value: number;
  /**
   * The value in words, naming its subject, where a bare number would say too little: "db-1
   * postgres: 182 of 200 connections (91 %), 40 idle in transaction". Reasons use it in place of
   * the label and value.
   */
  words?: string;
}

/**
 * Readings a sample gives. Values the OS did not give (CPU on the first poll, load on a
 * platform without it) are left out rather than read as zero, so they neither raise nor
 * clear a state.
 */
export function readSignals(s: Sample): SignalReading[] {
  const out: SignalReading[] = [];
  const add = (id: SignalId, kind: SignalKind, label: string, value: number | null): void => {
    if (value != null && Number.isFinite(value)) out.push({ id, kind, label, value });
  };
  add('cpu', 'cpu', signalLabel('cpu'), s.cpu.busyPct);
  add('iowait', 'iowait', signalLabel('iowait'), s.cpu.iowaitPct);
  add('memory', 'memory', signalLabel('memory'), memUsedPct(s));
  // A host without swap has no swap signal at all; 0 of 0 is not "0% used".
  if (s.swap.totalBytes > 0)
    add('swap', 'swap', signalLabel('swap'), (s.swap.usedBytes / s.swap.totalBytes) * 100);
  for (const d of s.disks) add(`disk:${d.mount}`, 'disk', signalLabel(`disk:${d.mount}`), d.usedPct);
  // Null on filesystems without an inode limit (btrfs, vfat): no signal, as with swap.
  for (const d of s.disks) {
    add(`inodes:${d.mount}`, 'inodes', signalLabel(`inodes:${d.mount}`), d.inodesUsedPct ?? null);
  }
  add('diskBusy', 'diskBusy', signalLabel('diskBusy'), s.diskIo.busyPct ?? null);
  // The 5-minute average, per core, as health.ts does: 1-minute load is too jumpy to alert on.
  if (s.load) add('load', 'load', signalLabel('load'), s.load[1] / Math.max(1, s.cpu.cores));
  // Per interface: a bad cable on one port should name that port, not a host-wide sum.
  for (const n of s.net) {
    add(`netErrors:${n.iface}`, 'netErrors', signalLabel(`netErrors:${n.iface}`), n.errPs ?? null);
  }
  add('pollLatency', 'pollLatency', signalLabel('pollLatency'), s.pollMs);
  return out;
}

const LABELS: Record<string, string> = {
  cpu: 'CPU',
  iowait: 'iowait',
  memory: 'memory',
  swap: 'swap',
  diskBusy: 'disk busy',
  load: 'load per core',
  pollLatency: 'poll time',
  // A service's signals (their reasons carry the service's name in words).
  dbConnections: 'connections',
  replicationLag: 'replication lag',
  cacheMiss: 'cache miss ratio',
  longQuery: 'longest query',
  evictions: 'evictions',
  serviceDown: 'unreachable',
  // A group's signals (their reasons carry the group's name and arithmetic in words).
  groupCpu: 'mean CPU',
  groupMemory: 'mean memory',
  groupLoad: 'mean load per core',
  groupSpare: 'hosts to spare',
};

/** How a signal reads in a sentence: "CPU", "disk /var". */
export function signalLabel(id: SignalId): string {
  if (id.startsWith('disk:')) return `disk ${id.slice(5)}`;
  if (id.startsWith('inodes:')) return `inodes ${id.slice(7)}`;
  if (id.startsWith('netErrors:')) return `network errors ${id.slice(10)}`;
  if (id.startsWith('skew:')) return `${id.slice(5)} skew`;
  return LABELS[id] ?? id;
}

/**
 * Kinds whose absence from a sample means the thing is gone (unmounted, swapoff, interface
 * removed, or a group's load too small to share out), not unknown. diskBusy is not one: it is missing for one poll after a counter wraps.
 */
export function goneWhenAbsent(kind: SignalKind): boolean {
  // A group's skew is read only while there is load enough to judge: none is no evidence of skew.
  return kind === 'disk' || kind === 'swap' || kind === 'inodes' || kind === 'netErrors' || kind === 'skew';
}

/** A value as it reads in a reason: "93%", "1.5", "850 ms". */
export function formatSignalValue(kind: SignalKind, v: number): string {
  if (PERCENT_KINDS.has(kind)) return `${Math.round(v)}%`;
  if (kind === 'pollLatency') return `${Math.round(v)} ms`;
  if (kind === 'netErrors' || kind === 'evictions') return `${trimmed(v)}/s`;
  if (kind === 'replicationLag' || kind === 'longQuery') return `${Math.round(v)} s`;
  if (kind === 'skew') return `${v.toFixed(1)}×`;
  return trimmed(v);
}

/**
 * The rule part of a reason that has its value in words: "≥ 80% for 2 min". A service being
 * down is 1 or 0, so its level says nothing and only the `for` is told.
 */
export function ruleNote(kind: SignalKind, cmp: string, level: number, forMs: number): string {
  const held = forMs > 0 ? `for ${formatFor(forMs)}` : '';
  if (kind === 'serviceDown') return held;
  return [cmp, formatSignalValue(kind, level), held].filter(Boolean).join(' ');
}

function trimmed(v: number): string {
  return v.toFixed(2).replace(/\.?0+$/, '');
}

/** A `for` duration in words: "90 s", "2 min", "1 h 30 min". */
export function formatFor(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120 && s % 60 !== 0) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

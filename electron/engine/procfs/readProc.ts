import { readFileSync } from 'node:fs';
import { parseSnapshot, type ProcSnapshot, type ProcTexts } from './snapshot';

/** The /proc files one poll of this machine reads, as text (procfs answers from memory, in microseconds). */
export function readProcTexts(root = '/proc'): ProcTexts {
  const read = (name: string): string => readFileSync(`${root}/${name}`, 'latin1');
  return {
    stat: read('stat'),
    meminfo: read('meminfo'),
    loadavg: read('loadavg'),
    diskstats: read('diskstats'),
    netdev: read('net/dev'),
    uptime: read('uptime'),
  };
}

/** A reading of this machine taken before the engine loaded, when, and this process's CPU time then. */
export interface EarlyReading {
  at: number;
  texts: ProcTexts;
  selfCpu: NodeJS.CpuUsage;
}

/** /proc/stat counts in USER_HZ ticks, 100 a second on every Linux architecture. */
const TICKS_PER_SEC = 100;

/**
 * `greenboard status` reads this machine first thing, before it loads the engine (a few hundred
 * milliseconds of modules and SQLite): that reading is the baseline its rates are computed
 * against, so the rate window runs while the engine loads instead of after it. Null where there
 * is no /proc (not Linux) or it cannot be read: the collector then takes its own baseline.
 */
export function readEarly(now: () => number = Date.now): EarlyReading | null {
  if (process.platform !== 'linux') return null;
  try {
    const at = now();
    return { at, texts: readProcTexts(), selfCpu: process.cpuUsage() };
  } catch {
    return null;
  }
}

/**
 * The early reading as a baseline, with the CPU time this process has spent since it (loading
 * the engine) counted as idle: a command must not report its own start-up as the machine's load
 * (on two cores that read as 40 % busy on an idle machine). `selfNow` is process.cpuUsage() now.
 */
export function earlyBaseline(early: EarlyReading, selfNow: NodeJS.CpuUsage): ProcSnapshot {
  const snap = parseSnapshot(early.texts, early.at);
  const perSec = 1_000_000 / TICKS_PER_SEC;
  const user = Math.max(0, (selfNow.user - early.selfCpu.user) / perSec);
  const system = Math.max(0, (selfNow.system - early.selfCpu.system) / perSec);
  const cpu = snap.cpu;
  // Moving our ticks from busy to idle in the baseline moves them in every delta against it.
  return {
    ...snap,
    cpu: { ...cpu, user: cpu.user + user, system: cpu.system + system, idle: cpu.idle - user - system },
  };
}

import type { Balance } from '../../../shared/groups';
import { memUsedPct, totalNet } from '../../../shared/metrics';
import type { Sample } from '../../../shared/schemas';
import type { SignalReading } from '../rules/signals';
import {
  ratioWords,
  scaleIn,
  shares,
  spread,
  worstSkew,
  type MemberLoad,
  type ScaleIn,
  type Spread,
} from './groupStats';

/** One member as the group sees it: its id, name and last fresh sample. */
export interface MemberSample {
  hostId: string;
  name: string;
  sample: Sample;
}

/** Below these the shares are noise (1 % against 3 % CPU is not "3× its share"). */
export const MIN_MEAN_CPU_FOR_SKEW = 10;
export const MIN_NET_BPS_FOR_SKEW = 64 * 1024;
export const MIN_REQUESTS_FOR_SKEW = 30;

/** The busiest moment per minute over a day, for the scale-in side's peak. */
export class PeakWindow {
  private readonly buckets = new Map<number, number>();

  constructor(private readonly spanMs = 86_400_000) {}

  add(ts: number, value: number): void {
    const b = Math.floor(ts / 60_000);
    this.buckets.set(b, Math.max(this.buckets.get(b) ?? -Infinity, value));
    const oldest = Math.floor((ts - this.spanMs) / 60_000);
    for (const k of this.buckets.keys()) if (k < oldest) this.buckets.delete(k);
  }

  peak(): number | null {
    return this.buckets.size === 0 ? null : Math.max(...this.buckets.values());
  }
}

export interface GroupFigures {
  cpu: Spread | null;
  memory: Spread | null;
  load: Spread | null;
  scaleIn: ScaleIn | null;
  balance: Balance[];
}

/** Members' CPU, memory and load per core; the sum of CPU (for the peak). */
export function memberSpreads(members: readonly MemberSample[]): Pick<
  GroupFigures,
  'cpu' | 'memory' | 'load'
> & {
  totalCpu: number;
} {
  const cpu = spread(members.map((m) => m.sample.cpu.busyPct));
  const memory = spread(members.map((m) => memUsedPct(m.sample)));
  const load = spread(
    members.map((m) => (m.sample.load ? m.sample.load[1] / Math.max(1, m.sample.cpu.cores) : null)),
  );
  const totalCpu = members.reduce((a, m) => a + (m.sample.cpu.busyPct ?? 0), 0);
  return { cpu, memory, load, totalCpu };
}

/** One basis of balance, or null when there is too little load to judge by it. */
export function balanceOf(
  basis: Balance['basis'],
  over: string,
  loads: readonly MemberLoad[],
  names: ReadonlyMap<string, string>,
  unit: (load: number) => string,
): Balance | null {
  const list = shares(loads);
  if (!list) return null;
  const worst = worstSkew(list);
  const total = loads.reduce((a, m) => a + m.load, 0);
  return {
    basis,
    over,
    shares: list.map((s) => ({ ...s, hostId: s.id })),
    worst: worst
      ? {
          hostId: worst.member.id,
          factor: worst.factor,
          words: `${names.get(worst.member.id) ?? worst.member.id} takes ${ratioWords(worst.member.ratio ?? 0)} of ${basis} (${Math.round(
            worst.member.share * 100,
          )} % of ${unit(total)} ${over}, expected ${Math.round(worst.member.expected * 100)} %)`,
        }
      : null,
  };
}

/** CPU and network balance from the members' samples; weights from the balancer where it gives them. */
export function sampleBalance(
  members: readonly MemberSample[],
  weightOf: (hostId: string) => number,
  names: ReadonlyMap<string, string>,
): Balance[] {
  const out: Balance[] = [];
  const cpu = members.filter((m) => m.sample.cpu.busyPct != null);
  const meanCpu = cpu.reduce((a, m) => a + (m.sample.cpu.busyPct ?? 0), 0) / Math.max(1, cpu.length);
  if (cpu.length >= 2 && meanCpu >= MIN_MEAN_CPU_FOR_SKEW) {
    const loads = cpu.map((m) => ({
      id: m.hostId,
      load: m.sample.cpu.busyPct ?? 0,
      weight: weightOf(m.hostId),
    }));
    const b = balanceOf('cpu', 'now', loads, names, (t) => `${Math.round(t)} % CPU summed`);
    if (b) out.push(b);
  }
  const net = members.map((m) => {
    const t = totalNet(m.sample);
    return { id: m.hostId, load: t.rxBps + t.txBps, weight: weightOf(m.hostId) };
  });
  const netTotal = net.reduce((a, m) => a + m.load, 0);
  if (net.length >= 2 && netTotal >= MIN_NET_BPS_FOR_SKEW * net.length) {
    const b = balanceOf('net', 'now', net, names, (t) => `${(t / 1_048_576).toFixed(1)} MiB/s`);
    if (b) out.push(b);
  }
  return out;
}

/** The readings a group gives the rule engine: its means, its hosts to spare, its skews. */
export function groupReadings(
  tag: string,
  members: number,
  figures: GroupFigures,
  peakTotalCpu: number | null,
): { readings: SignalReading[]; scaleIn: ScaleIn | null } {
  const out: SignalReading[] = [];
  const across = `across ${members} host${members === 1 ? '' : 's'}`;
  const pct = (v: number): string => `${Math.round(v)} %`;
  const { cpu, memory, load } = figures;
  if (cpu) {
    out.push({
      id: 'groupCpu',
      kind: 'groupCpu',
      label: 'mean CPU',
      value: cpu.mean,
      words: `${tag}: mean CPU ${pct(cpu.mean)} ${across} (p90 ${pct(cpu.p90)}, max ${pct(cpu.max)}): add capacity`,
    });
  }
  if (memory) {
    out.push({
      id: 'groupMemory',
      kind: 'groupMemory',
      label: 'mean memory',
      value: memory.mean,
      words: `${tag}: mean memory ${pct(memory.mean)} ${across} (p90 ${pct(memory.p90)}, max ${pct(memory.max)}): add capacity`,
    });
  }
  if (load) {
    const f = (v: number): string => v.toFixed(2);
    out.push({
      id: 'groupLoad',
      kind: 'groupLoad',
      label: 'mean load per core',
      value: load.mean,
      words: `${tag}: mean load per core ${f(load.mean)} ${across} (p90 ${f(load.p90)}, max ${f(load.max)}): add capacity`,
    });
  }
  let si: ScaleIn | null = null;
  if (cpu && members >= 2 && peakTotalCpu !== null) {
    si = scaleIn(members, peakTotalCpu);
    out.push({
      id: 'groupSpare',
      kind: 'groupSpare',
      label: 'hosts to spare',
      value: si.spare,
      words: `${tag}: mean CPU ${pct(cpu.mean)}: ${si.needed} of ${members} hosts would keep the peak under ${si.targetPct} % (${si.arithmetic})`,
    });
  }
  for (const b of figures.balance) {
    if (!b.worst) continue;
    out.push({
      id: `skew:${b.basis}`,
      kind: 'skew',
      label: `${b.basis} skew`,
      value: b.worst.factor,
      words: `${tag}: ${b.worst.words}`,
    });
  }
  return { readings: out, scaleIn: si };
}

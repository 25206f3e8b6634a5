import type { GroupView } from '../../../shared/groups';
/** The line under a group's name: its worst signal in words, or how busy it is. */
export function groupHeadline(g: GroupView): string {
  if (g.state === 'waiting') return 'Waiting for its members’ first polls…';
  // A group's reasons start with its name ("web: …"), which stays as written.
  const first = g.reasons[0];
  if (first) return first;
  if (g.state === 'grey') return 'No member is sending data';
  const n = g.cpu?.n ?? 0;
  const cpu = g.cpu ? `mean CPU ${Math.round(g.cpu.mean)} % across ${n} host${n === 1 ? '' : 's'}` : null;
  return cpu ? `All group signals ok: ${cpu}` : 'All group signals ok';
}

/** "42 %", or "—" when unknown. */
export function pct(v: number | null | undefined): string {
  return v == null ? '—' : `${Math.round(v)} %`;
}

/** A share as a percentage with no decimals. */
export function sharePct(v: number): string {
  return `${Math.round(v * 100)} %`;
}

/** "2.1×", or "—" for a drained member. */
export function ratio(v: number | null): string {
  return v === null ? '—' : `${v < 0.1 ? v.toFixed(2) : v.toFixed(1)}×`;
}

export const BASIS_LABEL: Record<GroupView['balance'][number]['basis'], string> = {
  requests: 'Requests (from the balancer)',
  cpu: 'CPU',
  net: 'Network',
};

/**
 * The arithmetic of groups, pure: how busy a group is across its members (mean, 90th
 * percentile, max), how many hosts it needs for its peak, and each member's share of the load
 * against the share it is expected to take.
 */

/** One measure across a group's members. */
export interface Spread {
  mean: number;
  /** Nearest rank: the value 90 % of members are at or under. */
  p90: number;
  max: number;
  /** Members that gave a value. */
  n: number;
}

/** Mean, p90 and max of the finite values; null when there are none. */
export function spread(values: readonly (number | null | undefined)[]): Spread | null {
  const xs = values.filter((v): v is number => v != null && Number.isFinite(v)).sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const p90 = xs[Math.max(0, Math.ceil(0.9 * n) - 1)] ?? 0;
  return { mean, p90, max: xs[n - 1] ?? 0, n };
}

/** What the scale-in side says, with the arithmetic that led to it. */
export interface ScaleIn {
  members: number;
  /** The busiest moment of the window: the members' CPU summed, in % of one host. */
  peakTotalPct: number;
  /** The CPU each host should stay under (%). */
  targetPct: number;
  /** ⌈peak total ÷ target⌉, at least 1. */
  needed: number;
  /** Members beyond `needed`: what the group could lose. */
  spare: number;
  /** "peak 180 % of one host ÷ 70 % per host = 2.6 → 3 hosts". */
  arithmetic: string;
}

/**
 * How many hosts would keep the group's peak under `targetPct` each, if its load were spread
 * evenly over them. Hosts are taken as equal (a group of one size, as an auto-scaling group is).
 */
export function scaleIn(members: number, peakTotalPct: number, targetPct = 70): ScaleIn {
  const exact = Math.max(0, peakTotalPct) / targetPct;
  // A hair over a whole number is rounding in the sums, not one more host.
  const needed = Math.max(1, Math.ceil(exact - 1e-9));
  const spare = Math.max(0, members - needed);
  const arithmetic = `peak ${Math.round(peakTotalPct)} % of one host ÷ ${targetPct} % per host = ${exact.toFixed(1)} → ${needed} host${needed === 1 ? '' : 's'}`;
  return { members, peakTotalPct, targetPct, needed, spare, arithmetic };
}

/** One member's load, and the weight it is given (1 each when the balancer states none). */
export interface MemberLoad {
  id: string;
  load: number;
  weight: number;
}

/** A member's share of the load against the share its weight gives it. */
export interface Share {
  id: string;
  load: number;
  weight: number;
  /** Its part of the group's load, 0–1. */
  share: number;
  /** Its part of the group's weight, 0–1. */
  expected: number;
  /** share ÷ expected: 2 takes twice its share; null for a member with weight 0 (drained). */
  ratio: number | null;
}

/** Each member's share; null when the group has no load to share out (nothing to compare). */
export function shares(members: readonly MemberLoad[]): Share[] | null {
  const total = members.reduce((a, m) => a + Math.max(0, m.load), 0);
  const weights = members.reduce((a, m) => a + Math.max(0, m.weight), 0);
  if (!(total > 0) || !(weights > 0)) return null;
  return members.map((m) => {
    const share = Math.max(0, m.load) / total;
    const expected = Math.max(0, m.weight) / weights;
    return {
      id: m.id,
      load: m.load,
      weight: m.weight,
      share,
      expected,
      ratio: expected > 0 ? share / expected : null,
    };
  });
}

/** The most skewed member: the one furthest from its share, over or under. */
export interface Skew {
  member: Share;
  /** How far off, as a factor ≥ 1: 2.1 for 2.1× its share, and 2 for half its share. */
  factor: number;
}

/** A starved member (0 of its share) reads as this many times off, not infinitely. */
export const MAX_SKEW = 100;

/** The member furthest from its expected share, or null with fewer than two weighted members. */
export function worstSkew(list: readonly Share[]): Skew | null {
  const weighted = list.filter((s) => s.ratio !== null);
  if (weighted.length < 2) return null;
  let worst: Skew | null = null;
  for (const s of weighted) {
    const r = s.ratio ?? 1;
    const factor = Math.min(MAX_SKEW, r >= 1 ? r : r > 0 ? 1 / r : MAX_SKEW);
    if (!worst || factor > worst.factor) worst = { member: s, factor };
  }
  return worst;
}

/** "2.1× its share" or "0.3× its share". */
export function ratioWords(ratio: number): string {
  return `${ratio < 0.1 ? ratio.toFixed(2) : ratio.toFixed(1)}× its share`;
}

/**
 * A small SVG path for a top query's sparkline: one "M x y L x y …" through the points with a
 * value, scaled to width × height with the lowest value at the bottom edge (a gap where a point
 * has none: a new "M"). Null when fewer than two points have a value, which draws nothing.
 */
export function sparklinePath(
  points: readonly { ts: number; value: number | null }[],
  width: number,
  height: number,
): string | null {
  const valid = points.filter((p) => p.value !== null && Number.isFinite(p.value));
  if (valid.length < 2) return null;
  const t0 = Math.min(...points.map((p) => p.ts));
  const t1 = Math.max(...points.map((p) => p.ts));
  const vs = valid.map((p) => p.value as number);
  const hi = Math.max(...vs);
  // From zero, so a flat series reads as flat at its level, not as a line along the bottom.
  const lo = Math.min(0, ...vs);
  const x = (ts: number): number => (t1 === t0 ? width / 2 : ((ts - t0) / (t1 - t0)) * width);
  const y = (v: number): number => (hi === lo ? height / 2 : height - ((v - lo) / (hi - lo)) * height);
  const parts: string[] = [];
  let pen = false;
  for (const p of [...points].sort((a, b) => a.ts - b.ts)) {
    if (p.value === null || !Number.isFinite(p.value)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${x(p.ts).toFixed(1)} ${y(p.value).toFixed(1)}`);
    pen = true;
  }
  return parts.join(' ');
}

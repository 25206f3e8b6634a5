/** Thresholds match the engine's default disk rules closely enough to colour the bar. */
function level(pct: number): 'ok' | 'warn' | 'crit' {
  if (pct >= 90) return 'crit';
  if (pct >= 80) return 'warn';
  return 'ok';
}

export function UsageBar({ pct }: { pct: number }) {
  const clamped = Math.min(100, Math.max(0, pct));
  return (
    <span className="usage-bar" aria-hidden="true">
      <span className={`usage-bar__fill usage-bar__fill--${level(pct)}`} style={{ width: `${clamped}%` }} />
    </span>
  );
}

import { useMemo } from 'react';

interface Props {
  /** Values in 0..100, oldest first; nulls are gaps (the first poll has no CPU rate). */
  values: readonly (number | null)[];
  /** How many samples span the full width, so a fresh host draws a short line, not a stretched one. */
  slots: number;
  label: string;
}

const WIDTH = 120;
const HEIGHT = 32;

/** A few dozen points at most: one SVG polyline is cheaper here than a canvas chart per card. */
export function Sparkline({ values, slots, label }: Props) {
  const shape = useMemo(() => {
    const shown = values.slice(-slots);
    const step = WIDTH / Math.max(1, slots - 1);
    const offset = WIDTH - (shown.length - 1) * step;
    const xy: [number, number][] = [];
    shown.forEach((v, i) => {
      if (v == null) return;
      xy.push([offset + i * step, HEIGHT - 1 - (Math.min(100, Math.max(0, v)) / 100) * (HEIGHT - 2)]);
    });
    const first = xy[0];
    const last = xy[xy.length - 1];
    if (xy.length < 2 || !first || !last) return null;
    const line = xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    return { line, area: `${first[0].toFixed(1)},${HEIGHT} ${line} ${last[0].toFixed(1)},${HEIGHT}` };
  }, [values, slots]);

  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      {shape && (
        <>
          <polygon className="sparkline__area" points={shape.area} />
          <polyline className="sparkline__line" points={shape.line} vectorEffect="non-scaling-stroke" />
        </>
      )}
    </svg>
  );
}

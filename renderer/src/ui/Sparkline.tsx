import { useMemo } from 'react';

interface Props {
  /** Values in 0..100, oldest first; nulls are gaps (the first poll has no CPU rate). */
  values: readonly (number | null)[];
  /** How many samples span the full width, so a fresh host draws a short line, not a stretched one. */
  slots: number;
  /** Which series colour: the host chart's CPU or memory. */
  tone?: 'cpu' | 'mem';
  label: string;
  /**
   * What a null means: a gap (a host's first poll) or a failed run (a probe), drawn as a red
   * tick, so a probe that fails every run shows a row of failures instead of an empty line.
   */
  nulls?: 'gap' | 'failure';
}

const WIDTH = 120;
const HEIGHT = 32;

/** A few dozen points at most: one SVG polyline is cheaper here than a canvas chart per card. */
export function Sparkline({ values, slots, tone = 'cpu', label, nulls = 'gap' }: Props) {
  const shape = useMemo(() => {
    const shown = values.slice(-slots);
    const step = WIDTH / Math.max(1, slots - 1);
    const offset = WIDTH - (shown.length - 1) * step;
    const xy: [number, number][] = [];
    const failures: number[] = [];
    shown.forEach((v, i) => {
      if (v == null) {
        if (nulls === 'failure') failures.push(offset + i * step);
        return;
      }
      xy.push([offset + i * step, HEIGHT - 1 - (Math.min(100, Math.max(0, v)) / 100) * (HEIGHT - 2)]);
    });
    const first = xy[0];
    const last = xy[xy.length - 1];
    if (xy.length < 2 || !first || !last) return { line: null, area: null, failures };
    const line = xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    return {
      line,
      area: `${first[0].toFixed(1)},${HEIGHT} ${line} ${last[0].toFixed(1)},${HEIGHT}`,
      failures,
    };
  }, [values, slots, nulls]);

  return (
    <svg
      className={`sparkline sparkline--${tone}`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      {shape.line !== null && shape.area !== null ? (
        <>
          <polygon className="sparkline__area" points={shape.area} />
          <polyline className="sparkline__line" points={shape.line} vectorEffect="non-scaling-stroke" />
        </>
      ) : (
        shape.failures.length === 0 && (
          // Not two readings yet (a new host, or a history with one poll): a flat dashed rule
          // says "no trend" rather than leaving a hole in the card.
          <line
            className="sparkline__empty"
            x1={0}
            x2={WIDTH}
            y1={HEIGHT - 1}
            y2={HEIGHT - 1}
            vectorEffect="non-scaling-stroke"
          />
        )
      )}
      {shape.failures.map((x) => (
        <line
          key={x}
          className="sparkline__fail"
          data-testid="sparkline-fail"
          x1={x}
          x2={x}
          y1={HEIGHT * 0.35}
          y2={HEIGHT}
          vectorEffect="non-scaling-stroke"
        />
      ))}
    </svg>
  );
}

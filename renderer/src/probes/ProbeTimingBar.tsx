import type { ProbeTimings } from '../../../shared/probes';
import { formatMs, timingSegments } from './probeFormat';

/**
 * Where one request's time went: a horizontal bar of its phases in order, each labelled with
 * its name and ms below, so a slow DNS or a slow server (TTFB) stands out at once.
 */
export function ProbeTimingBar({ timings }: { timings: ProbeTimings }) {
  const segments = timingSegments(timings);
  if (segments.length === 0)
    return (
      <p className="muted">The request failed before any phase completed ({formatMs(timings.totalMs)}).</p>
    );
  return (
    <div className="timing" data-testid="probe-timing">
      <div
        className="timing__bar"
        role="img"
        aria-label={`Total ${formatMs(timings.totalMs)}: ${segments.map((s) => `${s.label} ${formatMs(s.ms)}`).join(', ')}`}
      >
        {segments.map((s) => (
          <span
            key={s.key}
            className={`timing__segment phase-${s.tone}`}
            style={{ flexGrow: s.pct, flexBasis: 0 }}
            title={`${s.label}: ${formatMs(s.ms)}`}
          />
        ))}
      </div>
      <ul className="timing__legend">
        {segments.map((s) => (
          <li key={s.key} className="timing__item" data-testid="probe-phase" data-phase={s.key}>
            <span className={`timing__swatch phase-${s.tone}`} aria-hidden="true" />
            <span className="timing__label">{s.label}</span>
            <span className="timing__ms num">{formatMs(s.ms)}</span>
          </li>
        ))}
        <li className="timing__item timing__item--total">
          <span className="timing__label">Total</span>
          <span className="timing__ms num" data-testid="probe-total">
            {formatMs(timings.totalMs)}
          </span>
        </li>
      </ul>
    </div>
  );
}

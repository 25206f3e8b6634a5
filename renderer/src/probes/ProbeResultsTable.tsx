import type { ProbeResult } from '../../../shared/probes';
import { formatMs, formatRunTime, resultProblem } from './probeFormat';

/** The newest runs shown; the chart above covers the whole range. */
const ROWS = 50;

interface Props {
  results: readonly ProbeResult[];
  /** The fleet host's name, when the probe also runs from one: a "From" column. */
  remoteName: string | null;
}

/** The probe's recent runs, newest first: when, where from, status, total time and what failed. */
export function ProbeResultsTable({ results, remoteName }: Props) {
  const rows = results.slice(-ROWS).reverse();
  if (rows.length === 0) return <p className="muted">No runs in this range.</p>;
  return (
    <div className="probe-runs">
      <table className="table" data-testid="probe-runs">
        <thead>
          <tr>
            <th>Time</th>
            {remoteName && <th>From</th>}
            <th>Result</th>
            <th className="num">Status</th>
            <th className="num">Total</th>
            <th>Error or failures</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const problem = resultProblem(r);
            return (
              <tr key={`${r.ts}-${r.fromHostId ?? ''}`} data-testid="probe-run" data-ok={r.ok} data-ts={r.ts}>
                <td className="nowrap">
                  <time dateTime={new Date(r.ts).toISOString()}>{formatRunTime(r.ts)}</time>
                </td>
                {remoteName && <td>{r.fromHostId ? remoteName : 'This machine'}</td>}
                <td className={`probe-runs__result state-${r.ok ? 'green' : 'red'}`}>
                  <span aria-hidden="true">{r.ok ? '✓' : '✖'}</span> {r.ok ? 'OK' : 'Failed'}
                </td>
                <td className="num">{r.status ?? '—'}</td>
                <td className="num">{formatMs(r.timings.totalMs)}</td>
                <td className="probe-runs__problem">{problem ?? <span className="muted">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {results.length > ROWS && (
        <p className="muted probe-runs__more">
          The newest {ROWS} of {results.length} runs in this range.
        </p>
      )}
    </div>
  );
}

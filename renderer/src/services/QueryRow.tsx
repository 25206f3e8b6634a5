import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { QueryCompareRow, QueryTotalsView } from '../../../shared/serviceMethods';
import { apiQuery } from '../apiQuery';
import { errorMessage } from '../api';
import { formatChange, formatMs } from './serviceFormat';
import { sparklinePath } from './sparklinePath';

const SPARK_W = 90;
const SPARK_H = 22;

interface Props {
  serviceId: string;
  row: QueryCompareRow;
  range: { fromTs: number; toTs: number };
  compared: boolean;
}

const num = (v: number | null | undefined): string =>
  v == null ? '—' : Math.round(v).toLocaleString('en-US');

/**
 * One statement of the top list: its text (a preview, the whole of it in a <pre> on demand, as
 * text: a statement is data from the database, never markup), its numbers in the range, or before
 * and after side by side with the change, and a sparkline of its mean time.
 */
export function QueryRow({ serviceId, row, range, compared }: Props) {
  const [open, setOpen] = useState(false);
  // One call gives the sparkline's points and the full text, which shows when asked for.
  const detail = useQuery({
    ...apiQuery('services:query', { serviceId, queryId: row.queryId, range }),
    staleTime: Infinity,
  });
  const text = detail.data?.text ?? row.text;
  const preview = text ? oneLine(text) : `query ${row.queryId}`;
  const a = row.after;
  const b = row.before;
  return (
    <>
      <tr data-testid="top-query" data-query-id={row.queryId}>
        <td className="svc-query__text">
          <button
            type="button"
            className="link-button mono"
            aria-expanded={open}
            title={open ? 'Hide the statement' : 'Show the whole statement'}
            onClick={() => setOpen(!open)}
            data-testid="top-query-toggle"
          >
            {preview}
          </button>
        </td>
        {compared ? (
          <>
            <Pair
              before={formatMs(b?.meanMs)}
              after={formatMs(a?.meanMs)}
              change={row.meanChangePct}
              better
            />
            <Pair before={num(b?.calls)} after={num(a?.calls)} change={row.callsChangePct} />
            <Pair before={num(b?.rows)} after={num(a?.rows)} change={row.rowsChangePct} />
          </>
        ) : (
          <Totals t={a} />
        )}
        <td className="svc-query__spark">
          <QuerySpark points={detail.data?.points ?? []} />
        </td>
      </tr>
      {open && (
        <tr className="svc-query__detail">
          <td colSpan={compared ? 11 : 6}>
            {detail.error ? (
              <p className="notice notice--error">
                Could not load the statement: {errorMessage(detail.error)}
              </p>
            ) : (
              <pre className="svc-query__pre" data-testid="top-query-text">
                {detail.isPending ? 'Loading…' : (text ?? 'The text of this statement was not kept.')}
              </pre>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function Totals({ t }: { t: QueryTotalsView | null }) {
  return (
    <>
      <td className="num">{num(t?.calls)}</td>
      <td className="num">{formatMs(t?.meanMs)}</td>
      <td className="num">{formatMs(t?.totalMs)}</td>
      <td className="num">{num(t?.rows)}</td>
    </>
  );
}

/** Before → after and the change; `better`: lower is better (mean time), so green when faster. */
/** Before, after and the change, each its own column; `better`: lower is better (mean time), green when faster. */
function Pair({
  before,
  after,
  change,
  better = false,
}: {
  before: string;
  after: string;
  change: number | null;
  better?: boolean;
}) {
  const c = formatChange(change, better ? true : null);
  return (
    <>
      <td className="num muted svc-pair__before">{before}</td>
      <td className="num">{after}</td>
      <td className={`num svc-change--${c.tone}`} data-testid="top-query-change">
        {c.text}
      </td>
    </>
  );
}

function QuerySpark({ points }: { points: readonly { ts: number; meanMs: number | null }[] }) {
  const d = sparklinePath(
    points.map((p) => ({ ts: p.ts, value: p.meanMs })),
    SPARK_W,
    SPARK_H,
  );
  return (
    <svg
      className="svc-spark"
      width={SPARK_W}
      height={SPARK_H}
      viewBox={`0 0 ${SPARK_W} ${SPARK_H}`}
      role="img"
      aria-label={d ? `Mean time over the range, ${points.length} points` : 'Not enough points for a trend'}
      data-testid="top-query-spark"
    >
      {d ? (
        <path d={d} className="svc-spark__line" vectorEffect="non-scaling-stroke" />
      ) : (
        <line x1={0} y1={SPARK_H / 2} x2={SPARK_W} y2={SPARK_H / 2} className="svc-spark__none" />
      )}
    </svg>
  );
}

/** A statement on one line, cut for the table: the whole of it is a click away. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 89)}…` : flat;
}

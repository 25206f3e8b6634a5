import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TimeWindow } from '../charts/chartRange';
import { apiKey } from '../apiQuery';
import { ErrorNotice } from '../ui/ErrorNotice';
import { api, errorMessage } from '../api';
import { formatTime } from '../../../shared/format';
import { apiRange, COMPARE_MODES, compareWindow, type CompareMode } from './compareRanges';
import { QueryRow } from './QueryRow';
import { Segmented } from '../ui/Segmented';

const LIMIT = 20;

const when = (w: TimeWindow): string =>
  `${formatTime(w.from, { seconds: false })} – ${formatTime(w.to, { seconds: false })}`;

/**
 * The statements that took the most time in the range, and the before/after question: each
 * statement's mean time, calls and rows in an earlier range beside this one, with the change.
 */
export function TopQueries({
  serviceId,
  span,
  version,
}: {
  serviceId: string;
  span: TimeWindow;
  version: number | null;
}) {
  const [mode, setMode] = useState<CompareMode>('none');
  const range = apiRange(span);
  const before = compareWindow(span, mode);
  const input = { serviceId, range, ...(before ? { compare: apiRange(before) } : {}), limit: LIMIT };
  const query = useQuery({
    queryKey: [...apiKey('services:topQueries', input), version] as const,
    queryFn: () => api.call('services:topQueries', input),
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.rows ?? [];
  const compared = before !== null;
  return (
    <section className="svc-block svc-top" aria-label="Top queries" data-testid="top-queries">
      <div className="svc-block__header">
        <h3 className="svc-block__title">Top queries</h3>
        <Segmented
          label="Compare with"
          testId="compare-mode"
          options={COMPARE_MODES}
          value={mode}
          onChange={setMode}
        />
      </div>
      {compared && (
        <p className="muted svc-top__ranges" data-testid="compare-ranges">
          Before: {when(before)} · After: {when(span)}
        </p>
      )}
      <ErrorNotice
        message={query.error ? errorMessage(query.error) : null}
        prefix="Could not load the top queries: "
      />
      {query.data?.note && <p className="notice">{query.data.note}</p>}
      {query.isSuccess && rows.length === 0 && !query.data.note && (
        <p className="muted" data-testid="top-queries-empty">
          No statements recorded in this range.
        </p>
      )}
      {rows.length > 0 && (
        <div className="svc-table-wrap">
          <table className="table svc-top__table">
            <TopQueriesHead compared={compared} />
            <tbody>
              {rows.map((r) => (
                <QueryRow key={r.queryId} serviceId={serviceId} row={r} range={range} compared={compared} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TopQueriesHead({ compared }: { compared: boolean }) {
  if (!compared) {
    return (
      <thead>
        <tr>
          <th scope="col">Statement</th>
          {['Calls', 'Mean', 'Total', 'Rows'].map((h) => (
            <th key={h} scope="col" className="num">
              {h}
            </th>
          ))}
          <th scope="col">Mean over time</th>
        </tr>
      </thead>
    );
  }
  // Grouped: each measure over its before, after and change columns.
  const groups = ['Mean time', 'Calls', 'Rows'];
  return (
    <thead>
      <tr>
        <th scope="col" rowSpan={2}>
          Statement
        </th>
        {groups.map((g) => (
          <th key={g} scope="colgroup" colSpan={3} className="svc-top__group">
            {g}
          </th>
        ))}
        <th scope="col" rowSpan={2}>
          Mean over time
        </th>
      </tr>
      <tr>
        {groups.flatMap((g) =>
          ['Before', 'After', 'Change'].map((h) => (
            <th key={`${g}-${h}`} scope="col" className="num">
              {h}
            </th>
          )),
        )}
      </tr>
    </thead>
  );
}

import { useMemo } from 'react';
import type { HealthState } from '../../../shared/schemas';
import type { BoardRow } from './boardOrder';
import { boardSections, type BoardSection } from './boardSections';
import { useHostsStore } from '../hosts/hostsStore';
import { useTimeTravelStore } from '../timeTravel/timeTravelStore';

export type { BoardSection } from './boardSections';

/**
 * The board's rows with each host's state as the board shows it: the scrubbed moment's when
 * the board shows the past (a host added after that moment is not on it).
 * A new array only when a state, name or tag changes, never for a sample.
 */
export function useBoardRows(): readonly BoardRow[] {
  const rows = useHostsStore((s) => s.rows);
  const past = useTimeTravelStore((s) => (s.at === null ? null : s.byId));
  return useMemo(
    () =>
      past
        ? rows.flatMap((r) => {
            const then = past[r.id];
            return then ? [{ ...r, state: then.health.state }] : [];
          })
        : rows,
    [rows, past],
  );
}

/** The board's sections: filtered by search text and state, worst first, grouped by tag when asked. */
export function useBoardSections(
  query: string,
  state: HealthState | null,
  groupByTag: boolean,
): BoardSection[] {
  const rows = useBoardRows();
  return useMemo(() => boardSections(rows, { query, state }, groupByTag), [rows, query, state, groupByTag]);
}

import type { HealthState } from '../../../shared/schemas';

/** The board's order: what needs a person now, then what stopped reporting, healthy last. */
export const WORST_FIRST: readonly HealthState[] = ['red', 'amber', 'grey', 'waiting', 'green'];

const RANK: Record<HealthState, number> = { red: 0, amber: 1, grey: 2, waiting: 3, green: 4 };

/** What ordering, filtering and grouping need to know about a host: nothing that changes per sample. */
export interface BoardRow {
  id: string;
  name: string;
  state: HealthState;
  tags: readonly string[];
}

// Numeric, so web-2 comes before web-10 as a person would list them.
export const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Worst state first, then by name. Only the state and the name decide, so a sample never moves a
 * card: cards move when a host changes state, and only then.
 */
export function compareWorstFirst(a: BoardRow, b: BoardRow): number {
  return (
    RANK[a.state] - RANK[b.state] ||
    byName.compare(a.name, b.name) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

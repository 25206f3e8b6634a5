import { useMemo } from 'react';
import type { HealthState } from '../../../shared/schemas';
import { STATE_META, SUMMARY_ORDER } from '../ui/healthStates';
import { useBoardRows } from './useBoardSections';
import { useUiStore } from '../app/uiStore';

function useStateCounts(): Record<HealthState, number> {
  const rows = useBoardRows();
  return useMemo(() => {
    const counts: Record<HealthState, number> = { green: 0, amber: 0, red: 0, grey: 0, waiting: 0 };
    for (const r of rows) counts[r.state]++;
    return counts;
  }, [rows]);
}

/** Hosts per state; each count is also the button that shows only that state's hosts. */
export function SummaryBar() {
  const counts = useStateCounts();
  const filter = useUiStore((s) => s.stateFilter);
  const toggle = useUiStore((s) => s.toggleStateFilter);
  return (
    <section className="summary" data-testid="summary" aria-label="Hosts by state">
      {SUMMARY_ORDER.map((state) => {
        const meta = STATE_META[state];
        const count = counts[state];
        const pressed = filter === state;
        return (
          <button
            type="button"
            key={state}
            className={`summary__item state-${state}${count === 0 ? ' summary__item--zero' : ''}`}
            aria-pressed={pressed}
            title={pressed ? 'Show every state again' : `Show only ${meta.label.toLowerCase()} hosts`}
            data-testid={`summary-filter-${state}`}
            onClick={() => toggle(state)}
          >
            <span className="summary__icon" aria-hidden="true">
              {meta.icon}
            </span>
            <span className="summary__count" data-testid={`summary-${state}`}>
              {count}
            </span>
            <span className="summary__label">{meta.label}</span>
          </button>
        );
      })}
    </section>
  );
}

import { useShallow } from 'zustand/react/shallow';
import type { HealthState } from '../../../shared/schemas';
import { STATE_META, SUMMARY_ORDER } from '../healthStates';
import { useHostsStore } from '../stores/hosts';
import { useTimeTravelStore } from '../stores/timeTravel';

function useStateCounts(): Record<HealthState, number> {
  const past = useTimeTravelStore((s) => (s.at === null ? null : s.byId));
  return useHostsStore(
    useShallow((s) => {
      const counts: Record<HealthState, number> = { green: 0, amber: 0, red: 0, grey: 0, waiting: 0 };
      for (const id of s.order) {
        const state = past ? past[id]?.health.state : s.byId[id]?.health.state;
        if (state) counts[state]++;
      }
      return counts;
    }),
  );
}

export function SummaryBar() {
  const counts = useStateCounts();
  return (
    <section className="summary" data-testid="summary" aria-label="Hosts by state">
      {SUMMARY_ORDER.map((state) => {
        const meta = STATE_META[state];
        const count = counts[state];
        return (
          <div
            key={state}
            className={`summary__item state-${state}${count === 0 ? ' summary__item--zero' : ''}`}
          >
            <span className="summary__icon" aria-hidden="true">
              {meta.icon}
            </span>
            <span className="summary__count" data-testid={`summary-${state}`}>
              {count}
            </span>
            <span className="summary__label">{meta.label}</span>
          </div>
        );
      })}
    </section>
  );
}

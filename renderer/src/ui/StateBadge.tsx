import type { HealthState } from '../../../shared/schemas';
import { STATE_META } from './healthStates';

interface Props {
  state: HealthState;
  size?: 'small' | 'large';
  testId?: string;
}

export function StateBadge({ state, size = 'small', testId }: Props) {
  const meta = STATE_META[state];
  return (
    <span className={`badge badge--${size} state-${state}`} data-testid={testId} data-state={state}>
      <span className="badge__icon" aria-hidden="true">
        {meta.icon}
      </span>
      {meta.label}
    </span>
  );
}

import type { HealthState } from '../../../shared/schemas';

/** Every state gets an icon and a word as well as a colour, so it reads without colour vision. */
export const STATE_META: Record<HealthState, { icon: string; label: string }> = {
  green: { icon: '✓', label: 'OK' },
  amber: { icon: '▲', label: 'Warning' },
  red: { icon: '✖', label: 'Critical' },
  grey: { icon: '◌', label: 'No data' },
  waiting: { icon: '…', label: 'Waiting' },
};

/** The summary bar's order: healthy first, then by how much attention a state needs. */
export const SUMMARY_ORDER: readonly HealthState[] = ['green', 'amber', 'red', 'grey', 'waiting'];

/** The line under a host's name: its worst reason, or what its state means when it has none. */
export function headline(state: HealthState, reasons: readonly string[]): string {
  if (state === 'waiting') return 'Waiting for first poll…';
  const first = reasons[0];
  if (first) return first.charAt(0).toUpperCase() + first.slice(1);
  return state === 'green' ? 'All checks passing' : STATE_META[state].label;
}

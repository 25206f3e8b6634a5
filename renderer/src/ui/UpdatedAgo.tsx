import { formatDuration } from '../../../shared/format';
import { useSecondClock } from './useSecondClock';
import { useTimeTravelStore } from '../timeTravel/timeTravelStore';
import { formatTime } from '../../../shared/format';

/**
 * "Updated 5s ago". Its own component so only this line re-renders every second, not the
 * whole card; every one on the page ticks from the same timer, in one render.
 */
export function UpdatedAgo({ ts, bare = false }: { ts: number | null; bare?: boolean }) {
  const clock = useSecondClock();
  // While the board shows a past moment, "ago" counts from that moment, not from now.
  const moment = useTimeTravelStore((s) => s.at);
  const now = moment ?? clock;
  if (ts == null) return <span className="muted">Never updated</span>;
  // Clock skew between engine and viewer can put ts slightly in the future.
  const seconds = Math.max(0, Math.round((now - ts) / 1000));
  return (
    <time dateTime={new Date(ts).toISOString()} title={`Last poll ${formatTime(ts)}`}>
      {bare ? '' : 'Updated '}
      {formatDuration(seconds)} ago
    </time>
  );
}

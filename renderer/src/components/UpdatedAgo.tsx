import { formatDuration } from '../../../shared/format';
import { useNow } from '../hooks/useNow';

/** Its own component so only this line re-renders every second, not the whole card. */
export function UpdatedAgo({ ts, bare = false }: { ts: number | null; bare?: boolean }) {
  const now = useNow(1000);
  if (ts == null) return <span className="muted">Never updated</span>;
  // Clock skew between engine and viewer can put ts slightly in the future.
  const seconds = Math.max(0, Math.round((now - ts) / 1000));
  return (
    <time dateTime={new Date(ts).toISOString()} title={new Date(ts).toLocaleString()}>
      {bare ? '' : 'Updated '}
      {seconds < 60 ? `${seconds}s` : formatDuration(seconds)} ago
    </time>
  );
}

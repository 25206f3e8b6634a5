import { useAppInfo } from '../app/useAppInfo';
import { formatTime } from '../../../shared/format';

function when(ts: number | null): string {
  return ts === null ? '—' : formatTime(ts);
}

/** Says, on every page, that this is a saved history: which file, what time range, read-only. */
export function HistoryBanner() {
  const history = useAppInfo()?.history;
  if (!history) return null;
  return (
    <div className="history-banner" role="status" data-testid="history-banner">
      <strong>Saved history, read-only:</strong>{' '}
      <code className="history-banner__file" title={history.file}>
        {history.file}
      </code>{' '}
      · {when(history.fromTs)} → {when(history.toTs)} · nothing is polled
    </div>
  );
}

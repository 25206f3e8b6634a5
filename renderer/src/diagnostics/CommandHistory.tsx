import type { CommandRecord } from './useDiagnostics';
import { formatTime } from '../../../shared/format';

interface Props {
  history: { rows: CommandRecord[] | null; error: string | null };
}

/** The last commands Greenboard ran on this host, newest first, for an audit at a glance. */
export function CommandHistory({ history }: Props) {
  const rows = history.rows ?? [];
  return (
    <div className="command-history" data-testid="command-history">
      <h3 className="command-history__title">Command history</h3>
      {history.error && <p className="muted">Could not load the history: {history.error}</p>}
      {!history.error && rows.length === 0 && <p className="muted">No commands run on this host yet.</p>}
      {rows.length > 0 && (
        <ul className="command-history__list">
          {rows.map((r) => (
            <li key={`${r.ts}-${r.command}`}>
              <time dateTime={new Date(r.ts).toISOString()} className="muted">
                {formatTime(r.ts)}
              </time>
              <code className="truncate" title={r.command}>
                {r.command}
              </code>
              <span className={r.exitCode === 0 ? 'muted' : 'command-history__fail'}>
                {r.exitCode === 0 ? '✓ 0' : `✖ ${r.exitCode ?? '?'}`}
              </span>
              <span className="muted num">{Math.round(r.durationMs)} ms</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import type { DiagRun } from './diagRun';

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The last run's output, or what is happening while it runs. */
export function DiagOutput({ run }: { run: DiagRun | null }) {
  if (!run) {
    return (
      <div className="diag-output diag-output--empty muted">Run a diagnostic to see its output here.</div>
    );
  }
  if (run.status === 'running') {
    return (
      <div className="diag-output" role="status" aria-live="polite" data-testid="diag-running">
        <p className="diag-output__head">
          <span className="spinner" aria-hidden="true" /> Running {run.check.title}…
        </p>
      </div>
    );
  }
  if (run.status === 'failed') {
    return (
      <div className="diag-output">
        <div className="notice notice--error" role="alert" data-testid="diag-error">
          {run.check.title} could not run: {run.message}
        </div>
      </div>
    );
  }
  const { result } = run;
  const ok = result.exitCode === 0;
  const text = result.stdout + (result.stderr ? `${result.stdout ? '\n' : ''}${result.stderr}` : '');
  return (
    <div className="diag-output">
      <p className="diag-output__head">
        <strong>{run.check.title}</strong>
        <span className={`diag-output__exit ${ok ? 'state-green' : 'state-red'}`} data-testid="diag-exit">
          <span aria-hidden="true">{ok ? '✓' : '✖'}</span> exit{' '}
          {result.exitCode === null ? 'unknown (killed)' : result.exitCode}
        </span>
        <span className="muted">{formatDuration(result.durationMs)}</span>
      </p>
      <code className="diag-output__command">$ {result.command}</code>
      <pre className="diag-output__text" data-testid="diag-output" tabIndex={0}>
        {text || '(no output)'}
      </pre>
      {result.truncated && (
        <p className="diag-output__note" data-testid="diag-truncated">
          ⚠ Output truncated: only the first part is shown.
        </p>
      )}
    </div>
  );
}

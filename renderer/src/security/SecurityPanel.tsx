import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditReport, Finding, Severity } from '../../../shared/audit';
import type { MethodOutput } from '../../../shared/contract';
import { formatTime } from '../../../shared/format';
import { api, errorMessage } from '../api';
import { apiKey, apiQuery } from '../apiQuery';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Sparkline } from '../ui/Sparkline';
import './security.css';

type ScorePoint = MethodOutput<'audit:history'>[number];

const HISTORY_LIMIT = 30;

/** Worst first; the icon repeats the word so severity never rests on colour alone. */
const SEVERITY: Record<Severity, { icon: string; rank: number }> = {
  // Geometric shapes, not emoji: a machine without an emoji font draws an empty box for ⛔.
  critical: { icon: '✖', rank: 4 },
  high: { icon: '▲', rank: 3 },
  medium: { icon: '◆', rank: 2 },
  low: { icon: '▽', rank: 1 },
  info: { icon: 'ℹ', rank: 0 },
};

/** The score in a word, so "34" reads as a verdict. */
function scoreWord(score: number): { word: string; tone: 'good' | 'fair' | 'bad' } {
  if (score >= 90) return { word: 'good', tone: 'good' };
  if (score >= 70) return { word: 'fair', tone: 'fair' };
  if (score >= 30) return { word: 'needs work', tone: 'bad' };
  return { word: 'poor', tone: 'bad' };
}

function when(ts: number): string {
  return formatTime(ts, { seconds: false });
}

/**
 * A fail reads as what is wrong, anything else as the statement checked. `title` already is
 * that; the explicit titles win where present, in case a report came from another version.
 */
function findingHeadline(f: Finding): string {
  return (f.status === 'fail' ? f.failTitle : f.passTitle) ?? f.title;
}

const bySeverity = (a: Finding, b: Finding): number =>
  SEVERITY[b.severity].rank - SEVERITY[a.severity].rank ||
  findingHeadline(a).localeCompare(findingHeadline(b));

/**
 * The host's security audit: run on demand (live only), the latest kept report with its
 * findings grouped fail / not checked / pass, and the score over past runs. In a reviewed
 * history it shows the kept report read-only, and nothing if the host was never audited.
 */
export function SecurityPanel({ hostId, live }: { hostId: string; live: boolean }) {
  const client = useQueryClient();
  const latest = useQuery(apiQuery('audit:latest', { hostId }));
  const scores = useQuery({ ...apiQuery('audit:history', { hostId, limit: HISTORY_LIMIT }), enabled: live });
  const report: AuditReport | null | undefined = latest.data;
  const history: ScorePoint[] = scores.data ?? [];
  const failed = latest.error ?? scores.error;
  const loadError = failed ? errorMessage(failed) : null;

  // The report the run returns is shown at once, and its score joins the history.
  const audit = useMutation({
    mutationFn: () => api.call('audit:run', { hostId }),
    onSuccess: (r) => {
      client.setQueryData(apiKey('audit:latest', { hostId }), r);
      client.setQueryData(apiKey('audit:history', { hostId, limit: HISTORY_LIMIT }), (h: ScorePoint[] = []) =>
        [...h, { ts: r.ts, score: r.score }].slice(-HISTORY_LIMIT),
      );
    },
  });
  const busy = audit.isPending;
  const runError = audit.error ? errorMessage(audit.error) : null;
  const run = (): void => audit.mutate();

  if (!live && !report) return null;
  return (
    <section className="panel panel--wide" aria-labelledby="security-title" data-testid="security">
      <div className="panel__header">
        <h2 className="panel__title" id="security-title">
          Security
        </h2>
        {live && (
          <BusyButton
            className="button button--primary"
            busy={busy}
            busyLabel="Auditing… (a few seconds)"
            onClick={run}
            data-testid="security-run"
          >
            Run security audit
          </BusyButton>
        )}
      </div>
      <ErrorNotice message={loadError} prefix="Could not load the last audit: " />
      <ErrorNotice message={runError} prefix="The audit did not run: " testId="security-error" />
      {report === undefined && !loadError && <p className="muted">Loading the last audit…</p>}
      {report === null && (
        <p className="muted">
          Not audited yet. The audit runs one read-only script on the host (sshd settings, firewall, updates,
          accounts, listening ports, failed logins) and keeps the report here.
        </p>
      )}
      {report && <ReportView report={report} history={live ? history : []} />}
    </section>
  );
}

function ReportView({ report, history }: { report: AuditReport; history: ScorePoint[] }) {
  const { word, tone } = scoreWord(report.score);
  const fails = report.findings.filter((f) => f.status === 'fail').sort(bySeverity);
  const unchecked = report.findings.filter((f) => f.status === 'not_checked').sort(bySeverity);
  const passes = report.findings.filter((f) => f.status === 'pass').sort(bySeverity);
  const uid = report.ranAs.uid === null ? '' : ` (uid ${report.ranAs.uid})`;
  return (
    <div className="security">
      <div className="security__summary">
        <div className={`security__score security__score--${tone}`} data-testid="security-score">
          <span className="security__score-num">{report.score}/100</span>
          <span className="security__score-word">{word}</span>
        </div>
        <div className="security__meta">
          <span>
            {report.failed} failed · {report.notChecked} not checked · {report.passed} passed
          </span>
          <span className="muted">
            Audited {when(report.ts)} as {report.ranAs.user}
            {uid}, in {(report.durationMs / 1000).toFixed(1)} s
          </span>
          {report.notChecked > 0 && (
            <span className="muted">Items not checked cost nothing, so the score is an upper bound.</span>
          )}
        </div>
        {history.length > 0 && <ScoreHistory history={history} />}
      </div>
      <FindingGroup title="Failed" status="fail" findings={fails} />
      <FindingGroup title="Not checked" status="not_checked" findings={unchecked} />
      <FindingGroup title="Passed" status="pass" findings={passes} />
    </div>
  );
}

function ScoreHistory({ history }: { history: ScorePoint[] }) {
  const recent = history.slice(-5).reverse();
  return (
    <div className="security__history" data-testid="security-history">
      <span className="muted">Score over time</span>
      {history.length >= 2 && (
        <Sparkline
          values={history.map((h) => h.score)}
          slots={Math.max(history.length, 10)}
          label={`Audit scores, oldest to newest: ${history.map((h) => h.score).join(', ')}`}
        />
      )}
      <ol className="security__history-list">
        {recent.map((h) => (
          <li key={h.ts}>
            <span className="muted">{when(h.ts)}</span> <strong>{h.score}</strong>
          </li>
        ))}
      </ol>
    </div>
  );
}

function FindingGroup({
  title,
  status,
  findings,
}: {
  title: string;
  status: Finding['status'];
  findings: Finding[];
}) {
  if (findings.length === 0) return null;
  return (
    <details
      className={`security-group security-group--${status}`}
      open={status !== 'pass'}
      data-testid={`security-group-${status}`}
    >
      <summary className="security-group__title">
        {title} ({findings.length})
      </summary>
      <ul className="security-group__list">
        {findings.map((f) => (
          <FindingRow key={f.id} finding={f} />
        ))}
      </ul>
    </details>
  );
}

function FindingRow({ finding: f }: { finding: Finding }) {
  const sev = SEVERITY[f.severity];
  const passed = f.status === 'pass';
  return (
    <li className={`finding finding--${f.status}`} data-testid="security-finding" data-finding-id={f.id}>
      <div className="finding__head">
        <span
          className={`severity ${passed ? 'severity--passed' : `severity--${f.severity}`}`}
          title={passed ? `Had it failed, it would be ${f.severity}` : undefined}
        >
          <span aria-hidden="true">{sev.icon}</span> {f.severity}
        </span>
        <span className="finding__title" data-testid="security-finding-title">
          {findingHeadline(f)}
        </span>
      </div>
      {f.status === 'not_checked' && (
        <p className="finding__reason">not checked: {f.reason ?? 'no reason given'}</p>
      )}
      {f.status !== 'pass' && f.fix && (
        <p className="finding__fix" data-testid="security-fix">
          <strong>Fix:</strong> <WithCode text={f.fix} />
        </p>
      )}
      {f.evidence.trim() && (
        <details className="finding__evidence">
          <summary>Evidence</summary>
          <pre className="mono">{f.evidence}</pre>
        </details>
      )}
    </li>
  );
}

/** Fixes quote commands and config lines in backticks: show those as code. */
function WithCode({ text }: { text: string }) {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

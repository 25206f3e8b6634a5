import { useState } from 'react';
import type { ProbeDef } from '../../../shared/probes';
import { api, errorMessage } from '../api';
import { useAppInfo } from '../app/useAppInfo';
import { formatExpectStatus, formatMs, formatSpan, probeHeadline } from './probeFormat';
import { useHostsStore } from '../hosts/hostsStore';
import { useProbesStore } from './probesStore';
import { useUiStore } from '../app/uiStore';
import { AppHeader } from '../app/AppHeader';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ProbeHistory } from './ProbeHistory';
import { ProbeLastRun } from './ProbeLastRun';
import { RemoveProbeButton } from './RemoveProbeButton';
import { StateBadge } from '../ui/StateBadge';
import './probePage.css';
import { BackLink } from '../app/BackLink';

/** One probe: its state and why, what it asks for, the last run in detail, and its runs over time. */
export function ProbePage({ probeId }: { probeId: string }) {
  const reviewing = useAppInfo()?.history != null;
  const probe = useProbesStore((s) => s.byId[probeId]);
  const loaded = useProbesStore((s) => s.loaded);
  const fromHostId = probe?.def.fromHostId;
  const remoteName = useHostsStore((s) =>
    fromHostId ? (s.byId[fromHostId]?.host.name ?? fromHostId) : null,
  );

  const back = <BackLink to="board" />;
  if (!probe) {
    return (
      <>
        <AppHeader>{back}</AppHeader>
        <main className="page" data-testid="probe-page" data-probe-id={probeId}>
          <div className="notice">{loaded ? `There is no probe "${probeId}".` : 'Loading…'}</div>
        </main>
      </>
    );
  }

  const { def, health, last, lastRemote, advice } = probe;
  return (
    <>
      <AppHeader>{back}</AppHeader>
      <main
        className={`page probe-page state-${health.state}`}
        data-testid="probe-page"
        data-probe-id={probeId}
      >
        <section className="host-hero probe-hero">
          <div className="probe-hero__top">
            <div className="host-hero__title">
              <h1 className="page__title">{def.name}</h1>
              <StateBadge state={health.state} size="large" testId="probe-state" />
            </div>
            {!reviewing && (
              <ProbeActions
                probeId={probeId}
                name={def.name}
                declare={
                  health.state === 'red' || health.state === 'amber'
                    ? {
                        title: `${def.name}: ${health.reasons[0] ?? 'failing'}`,
                        signal: health.certProblem ? 'cert' : 'probe',
                      }
                    : null
                }
              />
            )}
          </div>
          <div className="host-hero__meta muted mono probe-hero__url">
            {def.method} {def.url}
          </div>
          {health.reasons.length > 0 ? (
            <ul className="reasons" data-testid="probe-reasons">
              {health.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            <p className="reasons reasons--none" data-testid="probe-reasons">
              {probeHeadline(health.state, health.reasons)}
            </p>
          )}
          <DefinitionSummary
            def={def}
            remoteName={remoteName}
            latencyMs={health.latencyMs}
            samples={health.samples}
          />
        </section>

        <div className="panels">
          <ProbeLastRun
            def={def}
            last={last}
            lastRemote={lastRemote}
            remoteName={remoteName}
            advice={advice}
          />
          <ProbeHistory
            probeId={probeId}
            last={last}
            lastRemote={lastRemote}
            remoteName={remoteName}
            endTs={reviewing ? (last?.ts ?? null) : null}
          />
        </div>
      </main>
    </>
  );
}

interface ActionsProps {
  probeId: string;
  name: string;
  /** Offered while the probe is amber or red: the Declare dialog's title and signal. */
  declare: { title: string; signal: string } | null;
}

function ProbeActions({ probeId, name, declare }: ActionsProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const openDialog = useUiStore((s) => s.openDialog);

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const status = await api.call('probes:run', { probeId });
      useProbesStore.getState().applyChange({ probeId, removed: false, status });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="probe-actions">
      <BusyButton
        className="button button--primary"
        busy={busy}
        busyLabel="Running…"
        data-testid="probe-run-now"
        onClick={() => void run()}
      >
        Run now
      </BusyButton>
      <button
        type="button"
        className="button"
        data-testid="probe-edit"
        onClick={() => openDialog({ kind: 'edit-probe', probeId })}
      >
        Edit
      </button>
      {declare && (
        <button
          type="button"
          className="button button--danger-outline"
          data-testid="probe-declare-incident"
          onClick={() =>
            openDialog({ kind: 'declare-incident', hostIds: [], probeIds: [probeId], ...declare })
          }
        >
          <span aria-hidden="true">⚠</span> Declare incident
        </button>
      )}
      <RemoveProbeButton probeId={probeId} name={name} />
      <ErrorNotice message={error} prefix="The probe did not run: " testId="probe-run-error" />
    </div>
  );
}

interface SummaryProps {
  def: ProbeDef;
  remoteName: string | null;
  latencyMs: number | null;
  samples: number;
}

/** What the probe asks for, in one glanceable row. */
function DefinitionSummary({ def, remoteName, latencyMs, samples }: SummaryProps) {
  const json = def.expectJsonPath;
  const headers = Object.keys(def.headers);
  return (
    <dl className="probe-def" data-testid="probe-def">
      <div>
        <dt>Expects</dt>
        <dd>
          status {formatExpectStatus(def.expectStatus)}
          {def.expectKeyword && <> · body contains “{def.expectKeyword}”</>}
          {json && (
            <>
              {' '}
              · <code>{json.path}</code>
              {json.equals !== undefined ? (
                <>
                  {' '}
                  = <code>{JSON.stringify(json.equals)}</code>
                </>
              ) : (
                ' exists'
              )}
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>SLO</dt>
        <dd>
          p{def.slo.percentile} under {formatMs(def.slo.underMs)} over {formatSpan(def.slo.windowMs)}
          <span className="muted">
            {' '}
            (now {formatMs(latencyMs)} over {samples} run{samples === 1 ? '' : 's'})
          </span>
        </dd>
      </div>
      <div>
        <dt>Schedule</dt>
        <dd>
          every {formatSpan(def.intervalMs)}, timeout {formatSpan(def.timeoutMs)}
          {remoteName ? `, also from ${remoteName}` : ''}
        </dd>
      </div>
      {/* Plain http has no certificate to verify or to expire: no TLS line at all. */}
      {def.url.toLowerCase().startsWith('https:') && (
        <div data-testid="probe-tls">
          <dt>TLS</dt>
          <dd>
            {def.verifyTls ? 'verified' : 'not verified'} · warn at {def.certWarnDays} d, critical at{' '}
            {def.certCritDays} d
          </dd>
        </div>
      )}
      {headers.length > 0 && (
        <div>
          <dt>Headers</dt>
          <dd className="mono">{headers.join(', ')}</dd>
        </div>
      )}
    </dl>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SignalStatus } from '../../../shared/alerts';
import { SEVERITIES, type Severity } from '../../../shared/incidents';
import { api, errorMessage } from '../api';
import { apiQuery } from '../apiQuery';
import { incidentHref } from '../app/useRoute';
import { useRememberedName } from '../ui/useRememberedName';
import { useHostsStore } from '../hosts/hostsStore';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Modal } from '../ui/Modal';
import { TextField } from '../ui/TextField';

/** What the dialog opens with: the hosts and a title, from a red host or probe, or empty by hand. */
export interface DeclareDraft {
  hostIds: string[];
  title: string;
  /** The probe it was declared from, kept on the incident (its state changes join the timeline). */
  probeIds?: string[];
  /** The triggering signal when the caller knows it (a probe: `probe`, `cert`); else the host's worst. */
  signal?: string;
}

/** The worst raised signal (`memory`, `disk:/var`…) of a list ordered worst first. */
const worstSignal = (signals: readonly SignalStatus[]): string | null =>
  signals.find((s) => s.state !== 'ok')?.signal ?? null;

/**
 * What the dialog offers: the plan's definitions and team, the templates, and the checklist
 * suggested for the triggering signal (the caller's, else the first host's worst), each read
 * through the shared cache. `error` is the first read that failed.
 */
function useDeclareChoices(draft: DeclareDraft) {
  const plan = useQuery(apiQuery('incidents:plan', {}));
  const templates = useQuery(apiQuery('incidents:templates', {}));
  const firstHost = draft.hostIds[0];
  const signals = useQuery({
    ...apiQuery('alerts:signals', { hostId: firstHost ?? '' }),
    enabled: draft.signal === undefined && firstHost !== undefined,
  });
  const signal = draft.signal ?? (signals.data ? worstSignal(signals.data) : null);
  const suggest = useQuery({
    ...apiQuery('incidents:suggest', { signal: signal ?? '' }),
    enabled: signal !== null,
  });
  const failed = plan.error ?? templates.error ?? signals.error ?? suggest.error;
  return {
    plan: plan.data ?? null,
    templates: templates.data ?? [],
    signal,
    suggested: suggest.data?.template?.id ?? null,
    error: failed ? errorMessage(failed) : null,
  };
}

/**
 * Declares an incident: title, severity (with the plan's definitions), hosts, the checklist
 * suggested from the first host's worst signal, an optional commander. Then opens its page.
 */
export function DeclareIncidentDialog({ draft, onClose }: { draft: DeclareDraft; onClose: () => void }) {
  // Two arrays of strings, so useShallow can tell an unchanged board from a changed one.
  const hostOrder = useHostsStore(useShallow((s) => s.order));
  const hostNames = useHostsStore(useShallow((s) => s.order.map((id) => s.byId[id]?.host.name ?? id)));
  const hosts = hostOrder.map((id, i) => ({ id, name: hostNames[i] ?? id }));
  const [title, setTitle] = useState(draft.title);
  const [severity, setSeverity] = useState<Severity>('SEV2');
  const [hostIds, setHostIds] = useState<string[]>(draft.hostIds);
  const { plan, templates, signal, suggested, error: loadError } = useDeclareChoices(draft);
  const [template, setTemplate] = useState('');
  // The suggestion is picked once, as it arrives; the person may pick another after.
  const [picked, setPicked] = useState<string | null>(null);
  if (suggested !== null && picked === null) {
    setPicked(suggested);
    setTemplate(suggested);
  }
  const [commander, setCommander] = useState('');
  const [by, setBy, rememberBy] = useRememberedName();
  const [busy, setBusy] = useState(false);
  const [submitError, setError] = useState<string | null>(null);
  const error = submitError ?? loadError;

  const toggleHost = (id: string): void =>
    setHostIds((ids) => (ids.includes(id) ? ids.filter((h) => h !== id) : [...ids, id]));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!title.trim()) return setError('Give the incident a title: what is broken, for whom.');
    setBusy(true);
    setError(null);
    rememberBy();
    try {
      const view = await api.call('incidents:declare', {
        title: title.trim(),
        severity,
        hostIds,
        ...(draft.probeIds?.length ? { probeIds: draft.probeIds } : {}),
        ...(template ? { template } : {}),
        ...(signal ? { fromSignal: signal } : {}),
        ...(commander.trim() ? { commander: commander.trim() } : {}),
        by: by.trim() || 'operator',
      });
      onClose();
      location.hash = incidentHref(view.id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Modal title="Declare incident" testId="declare-dialog" onClose={onClose} wide>
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <TextField
          label="Title"
          value={title}
          data-testid="declare-title"
          placeholder="db-1: disk / 97% ≥ 95%"
          onChange={(e) => setTitle(e.target.value)}
        />
        <fieldset className="choices declare__severities">
          <legend className="field__label">Severity</legend>
          {SEVERITIES.map((s) => (
            <label key={s} className="declare__severity">
              <input
                type="radio"
                name="severity"
                value={s}
                checked={severity === s}
                data-testid={`declare-${s}`}
                onChange={() => setSeverity(s)}
              />
              <span className={`sev-chip sev-chip--${s}`}>{s}</span>
              <span className="muted">{plan?.severities[s].definition ?? ''}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="choices">
          <legend className="field__label">Affected hosts</legend>
          <div className="declare__hosts">
            {hosts.map((h) => (
              <label key={h.id} className="declare__host">
                <input
                  type="checkbox"
                  checked={hostIds.includes(h.id)}
                  data-testid="declare-host"
                  data-host-id={h.id}
                  onChange={() => toggleHost(h.id)}
                />
                {h.name}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field">
          <span className="field__label">Checklist</span>
          <select
            className="input"
            value={template}
            data-testid="declare-template"
            onChange={(e) => setTemplate(e.target.value)}
          >
            <option value="">{signal ? 'Suggested from the signals' : 'None'}</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
          <span className="field__hint">
            {signal ? `Suggested for the signal “${signal}”; pick another if it fits better.` : 'Optional.'}
          </span>
        </label>
        <div className="declare__pair">
          <TextField
            label="Incident Commander (optional)"
            value={commander}
            list="declare-team"
            data-testid="declare-commander"
            placeholder="Who owns it"
            onChange={(e) => setCommander(e.target.value)}
          />
          <TextField
            label="Declared by"
            value={by}
            data-testid="declare-by"
            placeholder="operator"
            onChange={(e) => setBy(e.target.value)}
          />
        </div>
        <datalist id="declare-team">
          {plan?.team.map((m) => (
            <option key={m.name} value={m.name} />
          ))}
        </datalist>
        <ErrorNotice message={error} testId="declare-error" />
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <BusyButton
            type="submit"
            className="button button--danger"
            data-testid="declare-submit"
            busy={busy}
            busyLabel="Declaring…"
          >
            Declare incident
          </BusyButton>
        </div>
      </form>
    </Modal>
  );
}

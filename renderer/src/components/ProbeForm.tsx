import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PROBE_METHODS, type ProbeDef } from '../../../shared/probes';
import { api, errorMessage } from '../api';
import {
  errorsFromMessage,
  fieldsFromDef,
  toProbeInput,
  type FieldErrors,
  type ProbeFields,
} from '../probeFormFields';
import { useHostsStore } from '../stores/hosts';
import { BusyButton } from './BusyButton';
import { ErrorNotice } from './ErrorNotice';
import { ProbeField } from './ProbeField';

type TextKey = Exclude<keyof ProbeFields, 'verifyTls'>;

/** The fleet's SSH hosts, which can also run a probe with curl; the local machine already does. */
function useSshHosts(): { id: string; name: string }[] {
  const byId = useHostsStore((s) => s.byId);
  const order = useHostsStore(useShallow((s) => s.order));
  return useMemo(
    () =>
      order.flatMap((id) => {
        const host = byId[id]?.host;
        return host?.kind === 'ssh' ? [{ id, name: host.name }] : [];
      }),
    [byId, order],
  );
}

/** Add a probe, or edit `def` (its id stays; the name may change). */
export function ProbeForm({ def, onDone }: { def: ProbeDef | undefined; onDone: () => void }) {
  const [fields, setFields] = useState(() => fieldsFromDef(def));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sshHosts = useSshHosts();
  const formRef = useRef<HTMLFormElement>(null);
  // Bumped when a save is refused: the first field to fix gets the focus (and scrolls into view).
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    const first = refused > 0 ? formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') : null;
    // Centred, not just "visible": the dialog's sticky header would cover a field at its top edge.
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  }, [refused]);

  const text = (key: TextKey) => ({
    value: fields[key],
    onChange: (e: { target: { value: string } }): void => {
      const value = e.target.value;
      setFields((f) => ({ ...f, [key]: value }));
      // The mistake is being fixed: stop pointing at it.
      setErrors((errs) => (errs[key] ? { ...errs, [key]: undefined } : errs));
    },
  });
  const input = (key: TextKey, extra: { mono?: boolean } = {}) => ({
    className: extra.mono ? 'input mono' : 'input',
    'data-testid': `probe-${key}`,
    ...text(key),
  });

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const parsed = toProbeInput(fields);
    setFormError(null);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setRefused((n) => n + 1);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (def) await api.call('probes:update', { ...parsed.input, id: def.id });
      else await api.call('probes:add', parsed.input);
      onDone();
    } catch (err) {
      const { fields: byField, rest } = errorsFromMessage(errorMessage(err));
      setErrors(byField);
      setFormError(rest);
      setRefused((n) => n + 1);
      setBusy(false);
    }
  };

  // A host picked before that has since left the board still shows, so saving does not drop it.
  const fromMissing = fields.fromHostId && !sshHosts.some((h) => h.id === fields.fromHostId);

  return (
    <form
      ref={formRef}
      className="form probe-form"
      data-testid="probe-form"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <fieldset className="probe-form__group">
        <legend>Request</legend>
        <div className="form__grid">
          <ProbeField label="Name" error={errors.name} testId="probe-name">
            <input {...input('name')} autoFocus={!def} placeholder="Shop front page" required />
          </ProbeField>
          <ProbeField label="Method" error={errors.method} testId="probe-method">
            <select {...input('method')}>
              {PROBE_METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </ProbeField>
          <ProbeField label="URL" error={errors.url} wide testId="probe-url">
            <input
              {...input('url', { mono: true })}
              type="url"
              placeholder="https://example.com/health"
              spellCheck={false}
              required
            />
          </ProbeField>
          <ProbeField
            label="Headers (optional)"
            hint='One "Name: value" per line.'
            error={errors.headers}
            wide
            testId="probe-headers"
          >
            <textarea
              {...input('headers', { mono: true })}
              className="input mono textarea"
              rows={2}
              placeholder="Accept: application/json"
              spellCheck={false}
            />
          </ProbeField>
        </div>
      </fieldset>

      <fieldset className="probe-form__group">
        <legend>What counts as up</legend>
        <div className="form__grid">
          <ProbeField
            label="Expected status"
            hint="A range like 200-399 or a list like 200, 204."
            error={errors.expectStatus}
            testId="probe-expectStatus"
          >
            <input {...input('expectStatus', { mono: true })} placeholder="200-399" />
          </ProbeField>
          <ProbeField
            label="Keyword in the body (optional)"
            hint="Case-sensitive."
            error={errors.keyword}
            testId="probe-keyword"
          >
            <input {...input('keyword')} placeholder="Welcome" />
          </ProbeField>
          <ProbeField
            label="JSON path (optional)"
            hint="Like $.status or $.checks[0].name."
            error={errors.jsonPath}
            testId="probe-jsonPath"
          >
            <input {...input('jsonPath', { mono: true })} placeholder="$.status" spellCheck={false} />
          </ProbeField>
          <ProbeField
            label="…equals (optional)"
            hint="Without a value the path only has to exist. 200, true, null compare as JSON."
            error={errors.jsonEquals}
            testId="probe-jsonEquals"
          >
            <input {...input('jsonEquals', { mono: true })} placeholder="ok" spellCheck={false} />
          </ProbeField>
        </div>
      </fieldset>

      <fieldset className="probe-form__group">
        <legend>Schedule and speed</legend>
        <div className="form__grid form__grid--3">
          <ProbeField label="Every (seconds)" error={errors.intervalSec} testId="probe-intervalSec">
            <input {...input('intervalSec')} type="number" min={1} />
          </ProbeField>
          <ProbeField label="Timeout (seconds)" error={errors.timeoutSec} testId="probe-timeoutSec">
            <input {...input('timeoutSec')} type="number" min={0.1} max={120} step="any" />
          </ProbeField>
          <span aria-hidden="true" />
          <ProbeField label="SLO percentile" error={errors.sloPercentile} testId="probe-sloPercentile">
            <input {...input('sloPercentile')} type="number" min={1} max={100} />
          </ProbeField>
          <ProbeField label="…under (ms)" error={errors.sloUnderMs} testId="probe-sloUnderMs">
            <input {...input('sloUnderMs')} type="number" min={1} />
          </ProbeField>
          <ProbeField label="…over (minutes)" error={errors.sloWindowMin} testId="probe-sloWindowMin">
            <input {...input('sloWindowMin')} type="number" min={1} />
          </ProbeField>
        </div>
      </fieldset>

      <fieldset className="probe-form__group">
        <legend>Certificate and network</legend>
        <div className="form__grid form__grid--3">
          <ProbeField label="Warn at (days left)" error={errors.certWarnDays} testId="probe-certWarnDays">
            <input {...input('certWarnDays')} type="number" min={0} />
          </ProbeField>
          <ProbeField label="Critical at (days left)" error={errors.certCritDays} testId="probe-certCritDays">
            <input {...input('certCritDays')} type="number" min={0} />
          </ProbeField>
          <label className="choice probe-form__check">
            <input
              type="checkbox"
              data-testid="probe-verifyTls"
              checked={fields.verifyTls}
              onChange={(e) => setFields((f) => ({ ...f, verifyTls: e.target.checked }))}
            />
            Verify the certificate
          </label>
          <ProbeField
            label="Also run from (optional)"
            hint={
              sshHosts.length === 0
                ? 'Add an SSH host to the board to run this probe from it too.'
                : 'An SSH host runs it with curl as well, to tell "the site is down" from "my network is".'
            }
            error={errors.fromHostId}
            wide
            testId="probe-fromHostId"
          >
            <select {...input('fromHostId')} disabled={sshHosts.length === 0 && !fromMissing}>
              <option value="">Only this machine</option>
              {sshHosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
              {fromMissing && (
                <option value={fields.fromHostId}>{fields.fromHostId} (not on the board)</option>
              )}
            </select>
          </ProbeField>
        </div>
      </fieldset>

      <ErrorNotice message={formError} testId="probe-form-error" />
      <div className="modal__actions">
        <BusyButton
          type="submit"
          className="button button--primary"
          data-testid="probe-save"
          busy={busy}
          busyLabel={def ? 'Saving…' : 'Adding and running it once…'}
        >
          {def ? 'Save changes' : 'Add probe'}
        </BusyButton>
      </div>
    </form>
  );
}

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useShallow } from 'zustand/react/shallow';
import { PROBE_METHODS, type ProbeDef, type ProbeInput } from '../../../shared/probes';
import { api, errorIssues, errorMessage } from '../api';
import {
  errorsFromIssues,
  fieldsFromDef,
  ProbeFormSchema,
  type FieldKey,
  type ProbeFields,
} from './probeFormFields';
import { useHostsStore } from '../hosts/hostsStore';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';

type TextKey = Exclude<FieldKey, 'verifyTls'>;

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

/**
 * Add a probe, or edit `def` (its id stays; the name may change). The fields are checked with the
 * contract's own schema (through react-hook-form's zod resolver) before anything is sent, and the
 * engine's refusal lands on the same fields by its issues' paths.
 */
export function ProbeForm({ def, onDone }: { def: ProbeDef | undefined; onDone: () => void }) {
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<ProbeFields, unknown, ProbeInput>({
    defaultValues: fieldsFromDef(def),
    resolver: zodResolver(ProbeFormSchema),
    // The effect below focuses and centres the first invalid field, for both kinds of refusal.
    shouldFocusError: false,
  });
  const [formError, setFormError] = useState<string | null>(null);
  const sshHosts = useSshHosts();
  const formRef = useRef<HTMLFormElement>(null);
  // Set when a save is refused: once the errors are on screen, the first field to fix gets the
  // focus (and scrolls into view). react-hook-form publishes its errors after onInvalid returns,
  // so this waits for them rather than looking at once.
  const focusPending = useRef(false);
  useEffect(() => {
    if (!focusPending.current) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!first) return;
    focusPending.current = false;
    // Centred, not just "visible": the dialog's sticky header would cover a field at its top edge.
    first.scrollIntoView({ block: 'center' });
    first.focus({ preventScroll: true });
  }, [errors, formError]);

  const input = (key: TextKey, extra: { mono?: boolean } = {}) => ({
    className: extra.mono ? 'input mono' : 'input',
    'data-testid': `probe-${key}`,
    ...register(key),
  });
  const errorOf = (key: FieldKey): string | undefined => errors[key]?.message;

  const save = async (probe: ProbeInput): Promise<void> => {
    setFormError(null);
    try {
      if (def) await api.call('probes:update', { ...probe, id: def.id });
      else await api.call('probes:add', probe);
      onDone();
    } catch (err) {
      const { fields: byField, rest } = errorsFromIssues(errorIssues(err), errorMessage(err));
      for (const [key, message] of Object.entries(byField)) setError(key as FieldKey, { message });
      focusPending.current = true;
      setFormError(rest);
    }
  };
  const refuse = (): void => {
    focusPending.current = true;
    setFormError(null);
  };

  const fromHostId = useWatch({ control, name: 'fromHostId' });
  // A host picked before that has since left the board still shows, so saving does not drop it.
  const fromMissing = fromHostId && !sshHosts.some((h) => h.id === fromHostId);

  return (
    <form
      ref={formRef}
      className="form probe-form"
      data-testid="probe-form"
      onSubmit={(e) => void handleSubmit(save, refuse)(e)}
      noValidate
    >
      <fieldset className="probe-form__group">
        <legend>Request</legend>
        <div className="form__grid">
          <Field label="Name" error={errorOf('name')} errorTestId="probe-name-error">
            <input {...input('name')} autoFocus={!def} placeholder="Shop front page" required />
          </Field>
          <Field label="Method" error={errorOf('method')} errorTestId="probe-method-error">
            <select {...input('method')}>
              {PROBE_METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </Field>
          <Field label="URL" error={errorOf('url')} wide errorTestId="probe-url-error">
            <input
              {...input('url', { mono: true })}
              type="url"
              placeholder="https://example.com/health"
              spellCheck={false}
              required
            />
          </Field>
          <Field
            label="Headers (optional)"
            hint='One "Name: value" per line.'
            error={errorOf('headers')}
            wide
            errorTestId="probe-headers-error"
          >
            <textarea
              {...input('headers', { mono: true })}
              className="input mono textarea"
              rows={2}
              placeholder="Accept: application/json"
              spellCheck={false}
            />
          </Field>
        </div>
      </fieldset>

      <fieldset className="probe-form__group">
        <legend>What counts as up</legend>
        <div className="form__grid">
          <Field
            label="Expected status"
            hint="A range like 200-399 or a list like 200, 204."
            error={errorOf('expectStatus')}
            errorTestId="probe-expectStatus-error"
          >
            <input {...input('expectStatus', { mono: true })} placeholder="200-399" />
          </Field>
          <Field
            label="Keyword in the body (optional)"
            hint="Case-sensitive."
            error={errorOf('keyword')}
            errorTestId="probe-keyword-error"
          >
            <input {...input('keyword')} placeholder="Welcome" />
          </Field>
          <Field
            label="JSON path (optional)"
            hint="Like $.status or $.checks[0].name."
            error={errorOf('jsonPath')}
            errorTestId="probe-jsonPath-error"
          >
            <input {...input('jsonPath', { mono: true })} placeholder="$.status" spellCheck={false} />
          </Field>
          <Field
            label="…equals (optional)"
            hint="Without a value the path only has to exist. 200, true, null compare as JSON."
            error={errorOf('jsonEquals')}
            errorTestId="probe-jsonEquals-error"
          >
            <input {...input('jsonEquals', { mono: true })} placeholder="ok" spellCheck={false} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="probe-form__group">
        <legend>Schedule and speed</legend>
        <div className="form__grid form__grid--3">
          <Field label="Every (seconds)" error={errorOf('intervalSec')} errorTestId="probe-intervalSec-error">
            <input {...input('intervalSec')} type="number" min={1} />
          </Field>
          <Field label="Timeout (seconds)" error={errorOf('timeoutSec')} errorTestId="probe-timeoutSec-error">
            <input {...input('timeoutSec')} type="number" min={0.1} max={120} step="any" />
          </Field>
          <span aria-hidden="true" />
          <Field
            label="SLO percentile"
            error={errorOf('sloPercentile')}
            errorTestId="probe-sloPercentile-error"
          >
            <input {...input('sloPercentile')} type="number" min={1} max={100} />
          </Field>
          <Field label="…under (ms)" error={errorOf('sloUnderMs')} errorTestId="probe-sloUnderMs-error">
            <input {...input('sloUnderMs')} type="number" min={1} />
          </Field>
          <Field
            label="…over (minutes)"
            error={errorOf('sloWindowMin')}
            errorTestId="probe-sloWindowMin-error"
          >
            <input {...input('sloWindowMin')} type="number" min={1} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="probe-form__group">
        <legend>Certificate and network</legend>
        <div className="form__grid form__grid--3">
          <Field
            label="Warn at (days left)"
            error={errorOf('certWarnDays')}
            errorTestId="probe-certWarnDays-error"
          >
            <input {...input('certWarnDays')} type="number" min={0} />
          </Field>
          <Field
            label="Critical at (days left)"
            error={errorOf('certCritDays')}
            errorTestId="probe-certCritDays-error"
          >
            <input {...input('certCritDays')} type="number" min={0} />
          </Field>
          <label className="choice probe-form__check">
            <input type="checkbox" data-testid="probe-verifyTls" {...register('verifyTls')} />
            Verify the certificate
          </label>
          <Field
            label="Also run from (optional)"
            hint={
              sshHosts.length === 0
                ? 'Add an SSH host to the board to run this probe from it too.'
                : 'An SSH host runs it with curl as well, to tell "the site is down" from "my network is".'
            }
            error={errorOf('fromHostId')}
            wide
            errorTestId="probe-fromHostId-error"
          >
            <select {...input('fromHostId')} disabled={sshHosts.length === 0 && !fromMissing}>
              <option value="">Only this machine</option>
              {sshHosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
              {fromMissing && <option value={fromHostId}>{fromHostId} (not on the board)</option>}
            </select>
          </Field>
        </div>
      </fieldset>

      <ErrorNotice message={formError} testId="probe-form-error" />
      <div className="modal__actions">
        <BusyButton
          type="submit"
          className="button button--primary"
          data-testid="probe-save"
          busy={isSubmitting}
          busyLabel={def ? 'Saving…' : 'Adding and running it once…'}
        >
          {def ? 'Save changes' : 'Add probe'}
        </BusyButton>
      </div>
    </form>
  );
}

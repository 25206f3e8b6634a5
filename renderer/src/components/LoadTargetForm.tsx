import { useState, type FormEvent } from 'react';
import { LOAD_TEST_CAPS, LOAD_TEST_METHODS, type LoadTarget } from '../../../shared/loadTests';
import { api, errorMessage } from '../api';
import { useHostNames } from '../hooks/useHostNames';
import {
  checkDraft,
  draftFromTarget,
  thresholdErrors,
  type DraftErrors,
  type LoadTargetDraft,
} from '../loadTargetDraft';
import { useLoadTestsStore } from '../stores/loadTests';
import { BusyButton } from './BusyButton';
import { ErrorNotice } from './ErrorNotice';
import { Field } from './Field';

interface Props {
  /** Edits this target; without one, saves a new one. */
  target: LoadTarget | undefined;
  onDone: () => void;
}

/**
 * A load-test target's settings. Each field is checked with the contract's schema (caps
 * included) and says what is wrong beside itself; thresholds are checked as they are typed.
 */
export function LoadTargetForm({ target, onDone }: Props) {
  const hostNames = useHostNames();
  const [draft, setDraft] = useState<LoadTargetDraft>(() => draftFromTarget(target));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set =
    (key: keyof LoadTargetDraft) =>
    (e: { target: { value: string } }): void => {
      const value = e.target.value;
      setDraft((d) => ({ ...d, [key]: value }));
      // A threshold typo shows at once; other fields clear their error once edited.
      setErrors((errs) => ({
        ...errs,
        [key]: key === 'thresholds' ? (thresholdErrors(value) ?? undefined) : undefined,
      }));
    };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const checked = checkDraft(draft, target?.id);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSaveError(null);
    setBusy(true);
    try {
      const saved = await api.call('loadtests:saveTarget', checked.input);
      useLoadTestsStore.getState().upsertTarget(saved);
      onDone();
    } catch (err) {
      setSaveError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form
      className="form load-form"
      data-testid="load-target-form"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <div className="form__grid">
        <Field label="Name" errorTestId="load-error-name" error={errors.name}>
          {(c) => (
            <input
              {...c}
              className="input"
              data-testid="load-name"
              value={draft.name}
              onChange={set('name')}
              autoFocus={!target}
              placeholder="checkout API"
            />
          )}
        </Field>
        <Field
          label="Fleet host serving it (optional)"
          errorTestId="load-error-hostId"
          error={errors.hostId}
          hint="Its CPU and memory are recorded during each run, to show beside the latency. Left to match, a URL on this machine or at a fleet host’s SSH address picks that host."
        >
          {(c) => (
            <select
              {...c}
              className="input"
              data-testid="load-host"
              value={draft.hostId}
              onChange={set('hostId')}
            >
              <option value="">Match from the URL</option>
              {Object.entries(hostNames).map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="URL" errorTestId="load-error-url" error={errors.url} wide>
          {(c) => (
            <div className="load-form__url">
              <select
                className="input load-form__method"
                aria-label="Method"
                data-testid="load-method"
                value={draft.method}
                onChange={set('method')}
              >
                {LOAD_TEST_METHODS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
              <input
                {...c}
                className="input mono"
                type="url"
                data-testid="load-url"
                value={draft.url}
                onChange={set('url')}
                placeholder="http://staging.example.com/api/health"
                spellCheck={false}
              />
            </div>
          )}
        </Field>
        <Field
          label="Connections"
          errorTestId="load-error-connections"
          error={errors.connections}
          hint={`At most ${LOAD_TEST_CAPS.connections}.`}
        >
          {(c) => (
            <input
              {...c}
              className="input"
              type="number"
              min={1}
              max={LOAD_TEST_CAPS.connections}
              data-testid="load-connections"
              value={draft.connections}
              onChange={set('connections')}
            />
          )}
        </Field>
        <Field
          label="Duration (seconds)"
          errorTestId="load-error-durationSec"
          error={errors.durationSec}
          hint={`At most ${LOAD_TEST_CAPS.durationSec} s.`}
        >
          {(c) => (
            <input
              {...c}
              className="input"
              type="number"
              min={1}
              max={LOAD_TEST_CAPS.durationSec}
              data-testid="load-duration"
              value={draft.durationSec}
              onChange={set('durationSec')}
            />
          )}
        </Field>
        <Field
          label="Fixed rate, requests/s (optional)"
          errorTestId="load-error-rate"
          error={errors.rate}
          wide
          hint="With a rate, requests go out on a fixed schedule and latency is measured from the intended send time, so a slow server cannot hide its queueing. Without one, each connection sends as soon as its last answer arrives."
        >
          {(c) => (
            <input
              {...c}
              className="input load-form__short"
              type="number"
              min={1}
              max={LOAD_TEST_CAPS.rate}
              data-testid="load-rate"
              value={draft.rate}
              onChange={set('rate')}
              placeholder="as fast as it answers"
            />
          )}
        </Field>
        <Field
          label="Thresholds (one per line)"
          errorTestId="load-error-thresholds"
          error={errors.thresholds}
          hint={
            <>
              The run passes when all hold: <code>p95&lt;500ms</code>, <code>p99&lt;=1s</code>,{' '}
              <code>errors&lt;1%</code>, <code>rps&gt;100</code>.
            </>
          }
        >
          {(c) => (
            <textarea
              {...c}
              className="input textarea mono"
              rows={3}
              data-testid="load-thresholds"
              value={draft.thresholds}
              onChange={set('thresholds')}
              placeholder={'p95<500ms\nerrors<1%'}
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label="Headers (one “Name: value” per line)"
          errorTestId="load-error-headers"
          error={errors.headers}
        >
          {(c) => (
            <textarea
              {...c}
              className="input textarea mono"
              rows={3}
              data-testid="load-headers"
              value={draft.headers}
              onChange={set('headers')}
              placeholder="Authorization: Bearer …"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Body (optional)" errorTestId="load-error-body" error={errors.body} wide>
          {(c) => (
            <textarea
              {...c}
              className="input textarea mono"
              rows={2}
              data-testid="load-body"
              value={draft.body}
              onChange={set('body')}
              spellCheck={false}
            />
          )}
        </Field>
      </div>
      <ErrorNotice message={saveError} prefix="Not saved: " testId="load-save-error" />
      <div className="modal__actions">
        <BusyButton type="submit" className="button button--primary" data-testid="load-save" busy={busy}>
          {target ? 'Save changes' : 'Save target'}
        </BusyButton>
      </div>
    </form>
  );
}

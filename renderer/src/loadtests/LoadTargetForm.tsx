import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import {
  LOAD_TEST_CAPS,
  LOAD_TEST_METHODS,
  type LoadTarget,
  type LoadTargetInput,
} from '../../../shared/loadTests';
import { api, errorIssues, errorMessage } from '../api';
import { useHostNames } from '../hosts/useHostNames';
import {
  draftFromTarget,
  fieldOf,
  loadTargetFormSchema,
  type DraftField,
  type LoadTargetDraft,
} from './loadTargetFormFields';
import { useLoadTestsStore } from './loadTestsStore';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';

interface Props {
  /** Edits this target; without one, saves a new one. */
  target: LoadTarget | undefined;
  onDone: () => void;
}

/**
 * A load-test target's settings. Each field is checked with the contract's schema (caps
 * included) and says what is wrong beside itself, as does the engine's refusal; thresholds are
 * checked as they are typed.
 */
export function LoadTargetForm({ target, onDone }: Props) {
  const hostNames = useHostNames();
  const schema = useMemo(() => loadTargetFormSchema(target?.id), [target?.id]);
  const {
    register,
    handleSubmit,
    setError,
    trigger,
    formState: { errors, isSubmitting },
  } = useForm<LoadTargetDraft, unknown, LoadTargetInput>({
    defaultValues: draftFromTarget(target),
    resolver: zodResolver(schema),
  });
  const [saveError, setSaveError] = useState<string | null>(null);
  const errorOf = (key: DraftField): string | undefined => errors[key]?.message;

  const save = async (input: LoadTargetInput): Promise<void> => {
    setSaveError(null);
    try {
      const saved = await api.call('loadtests:saveTarget', input);
      useLoadTestsStore.getState().upsertTarget(saved);
      onDone();
    } catch (err) {
      const issues = errorIssues(err);
      // A refusal with issues lands beside the fields; one without (the engine is down) says so.
      if (issues.length === 0) setSaveError(errorMessage(err));
      for (const issue of issues) setError(fieldOf(issue.path), { message: issue.message });
    }
  };

  return (
    <form
      className="form load-form"
      data-testid="load-target-form"
      onSubmit={(e) => void handleSubmit(save)(e)}
      noValidate
    >
      <div className="form__grid">
        <Field label="Name" errorTestId="load-error-name" error={errorOf('name')}>
          {(c) => (
            <input
              {...c}
              className="input"
              data-testid="load-name"
              {...register('name')}
              autoFocus={!target}
              placeholder="checkout API"
            />
          )}
        </Field>
        <Field
          label="Fleet host serving it (optional)"
          errorTestId="load-error-hostId"
          error={errorOf('hostId')}
          hint="Its CPU and memory are recorded during each run, to show beside the latency. Left to match, a URL on this machine or at a fleet host’s SSH address picks that host."
        >
          {(c) => (
            <select {...c} className="input" data-testid="load-host" {...register('hostId')}>
              <option value="">Match from the URL</option>
              {Object.entries(hostNames).map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="URL" errorTestId="load-error-url" error={errorOf('url')} wide>
          {(c) => (
            <div className="load-form__url">
              <select
                className="input load-form__method"
                aria-label="Method"
                data-testid="load-method"
                {...register('method')}
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
                {...register('url')}
                placeholder="http://staging.example.com/api/health"
                spellCheck={false}
              />
            </div>
          )}
        </Field>
        <Field
          label="Connections"
          errorTestId="load-error-connections"
          error={errorOf('connections')}
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
              {...register('connections')}
            />
          )}
        </Field>
        <Field
          label="Duration (seconds)"
          errorTestId="load-error-durationSec"
          error={errorOf('durationSec')}
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
              {...register('durationSec')}
            />
          )}
        </Field>
        <Field
          label="Fixed rate, requests/s (optional)"
          errorTestId="load-error-rate"
          error={errorOf('rate')}
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
              {...register('rate')}
              placeholder="as fast as it answers"
            />
          )}
        </Field>
        <Field
          label="Thresholds (one per line)"
          errorTestId="load-error-thresholds"
          error={errorOf('thresholds')}
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
              {...register('thresholds', {
                // A threshold typo shows at once, before any save.
                onChange: () => void trigger('thresholds'),
              })}
              placeholder={'p95<500ms\nerrors<1%'}
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label="Headers (one “Name: value” per line)"
          errorTestId="load-error-headers"
          error={errorOf('headers')}
        >
          {(c) => (
            <textarea
              {...c}
              className="input textarea mono"
              rows={3}
              data-testid="load-headers"
              {...register('headers')}
              placeholder="Authorization: Bearer …"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Body (optional)" errorTestId="load-error-body" error={errorOf('body')} wide>
          {(c) => (
            <textarea
              {...c}
              className="input textarea mono"
              rows={2}
              data-testid="load-body"
              {...register('body')}
              spellCheck={false}
            />
          )}
        </Field>
      </div>
      <ErrorNotice message={saveError} prefix="Not saved: " testId="load-save-error" />
      <div className="modal__actions">
        <BusyButton
          type="submit"
          className="button button--primary"
          data-testid="load-save"
          busy={isSubmitting}
        >
          {target ? 'Save changes' : 'Save target'}
        </BusyButton>
      </div>
    </form>
  );
}

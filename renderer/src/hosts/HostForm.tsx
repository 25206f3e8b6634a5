import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { HostInput } from '../../../shared/contract';
import type { Host } from '../../../shared/schemas';
import { api, errorIssues, errorMessage } from '../api';
import { HostFormSchema, hostFieldOf, hostFields, type HostField, type HostFields } from './hostFormFields';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';

/**
 * The host's settings; the name is its id, so it is fixed once the host exists. Each field is
 * checked with the contract's schema and says what is wrong beside itself, as does the engine's
 * refusal (by its issues' paths).
 */
export function HostForm({ host, onDone }: { host: Host | undefined; onDone: () => void }) {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<HostFields, unknown, HostInput>({
    defaultValues: hostFields(host),
    resolver: zodResolver(HostFormSchema),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const errorOf = (key: HostField): string | undefined => errors[key]?.message;
  const input = (key: HostField, extra: { mono?: boolean } = {}) => ({
    className: extra.mono ? 'input mono' : 'input',
    'data-testid': `host-${key === 'intervalSec' ? 'interval' : key}`,
    ...register(key),
  });

  const save = async (parsed: HostInput): Promise<void> => {
    setFormError(null);
    try {
      await api.call(host ? 'hosts:update' : 'hosts:add', parsed);
      onDone();
    } catch (err) {
      const issues = errorIssues(err);
      const rest: string[] = [];
      for (const issue of issues) {
        const field = hostFieldOf(issue.path);
        if (field) setError(field, { message: issue.message });
        else rest.push(issue.message);
      }
      // A refusal about no field (the host exists, the engine is down) shows under the fields.
      setFormError(issues.length === 0 ? errorMessage(err) : rest.length ? rest.join('; ') : null);
    }
  };

  return (
    <form className="form" data-testid="host-form" onSubmit={(e) => void handleSubmit(save)(e)} noValidate>
      <div className="form__grid">
        <Field label="Name" error={errorOf('name')} errorTestId="host-name-error">
          <input
            {...input('name')}
            readOnly={host !== undefined}
            required
            autoFocus={!host}
            placeholder="web-1"
          />
        </Field>
        <Field label="SSH address" error={errorOf('ssh')} errorTestId="host-ssh-error">
          <input
            {...input('ssh', { mono: true })}
            required
            placeholder="user@host or user@host:2222"
            spellCheck={false}
          />
        </Field>
        <Field
          label="Identity file (optional)"
          hint="Without one, Greenboard tries ssh-agent and your default keys."
          error={errorOf('identity')}
          errorTestId="host-identity-error"
        >
          <input {...input('identity', { mono: true })} placeholder="~/.ssh/id_ed25519" spellCheck={false} />
        </Field>
        <Field label="Jump host (optional)" error={errorOf('jump')} errorTestId="host-jump-error">
          <input {...input('jump', { mono: true })} placeholder="user@bastion:22" spellCheck={false} />
        </Field>
        <Field label="Tags (comma-separated)" error={errorOf('tags')} errorTestId="host-tags-error">
          <input {...input('tags')} placeholder="prod, web" />
        </Field>
        <Field label="Poll every (seconds)" error={errorOf('intervalSec')} errorTestId="host-interval-error">
          <input {...input('intervalSec')} type="number" min={1} />
        </Field>
      </div>
      <ErrorNotice message={formError} testId="host-form-error" />
      <div className="modal__actions">
        <BusyButton
          type="submit"
          className="button button--primary"
          data-testid="host-save"
          busy={isSubmitting}
        >
          {host ? 'Save changes' : 'Add host'}
        </BusyButton>
      </div>
    </form>
  );
}

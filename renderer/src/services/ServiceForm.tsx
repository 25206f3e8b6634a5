import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import {
  DEFAULT_SERVICE_PORTS,
  DEFAULT_SERVICE_VIA,
  SERVICE_KINDS,
  SERVICE_LABELS,
  type ServiceInput,
} from '../../../shared/services';
import { api, errorIssues, errorMessage } from '../api';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import {
  EMPTY_DRAFT,
  errorsFromIssues,
  kindOf,
  serviceFormSchema,
  type DraftField,
  type ServiceDraft,
} from './serviceFormFields';
import { ServiceSuggestions } from './ServiceSuggestions';

/** Who runs the client by default, per kind, for the hint (the engine's defaults decide). */
const OS_USER_HINT: Record<string, string> = {
  postgres: 'Default: postgres (peer authentication, as Debian and Ubuntu set it up).',
  mysql: 'Default: root (unix-socket authentication).',
  redis: 'Default: the SSH login user.',
};

/** Who the tunnel logs in as, per kind: a monitoring role, with what it needs. */
const DB_USER_HINT: Record<string, string> = {
  postgres: 'A login role in pg_monitor (it reads every session and pg_stat_statements).',
  mysql: 'A user with PROCESS, REPLICATION CLIENT and SELECT on performance_schema.',
  redis: 'Only for an ACL user; empty logs in as the default user.',
};

/**
 * Add a database or cache to a host: the kind and, where the defaults do not fit, how to reach
 * it. Checked with the contract's own schema before anything is sent; the engine's refusal lands
 * beside the same fields. "Suggestions" asks the host what it seems to run.
 */
export function ServiceForm({ hostId, onDone }: { hostId: string; onDone: () => void }) {
  const schema = useMemo(() => serviceFormSchema(hostId), [hostId]);
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    setValue,
    control,
    formState: { errors, isSubmitting },
  } = useForm<ServiceDraft, unknown, ServiceInput>({
    defaultValues: EMPTY_DRAFT,
    resolver: zodResolver(schema),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const kind = kindOf(useWatch({ control, name: 'kind' })) ?? 'postgres';
  const tunnel = useWatch({ control, name: 'via' }) === 'tunnel';
  // Each kind starts on its own default way in (Redis: a tunnel, no process on the host); the
  // user may still pick the other one after choosing the kind.
  useEffect(() => setValue('via', DEFAULT_SERVICE_VIA[kind]), [kind, setValue]);

  const add = async (input: ServiceInput): Promise<void> => {
    setFormError(null);
    try {
      const added = await api.call('services:add', input);
      // The password goes on its own, once, to the secrets store; then the service is read with it.
      const password = getValues('password');
      if (input.via === 'tunnel' && password !== '') {
        await api.call('services:secret', { serviceId: added.config.id, secret: password });
        await api.call('services:poll', { serviceId: added.config.id });
      }
      onDone();
    } catch (err) {
      const { fields, rest } = errorsFromIssues(errorIssues(err), errorMessage(err));
      for (const [key, message] of Object.entries(fields)) setError(key as DraftField, { message });
      setFormError(rest);
    }
  };

  const input = (key: DraftField) => ({
    className: 'input',
    'data-testid': `service-${key}`,
    ...register(key),
  });
  const errorOf = (key: DraftField): string | undefined => errors[key]?.message;

  return (
    <>
      <form
        className="form service-form"
        data-testid="service-form"
        onSubmit={(e) => void handleSubmit(add)(e)}
        noValidate
      >
        <div className="form__grid">
          <Field label="Kind" error={errorOf('kind')} errorTestId="service-kind-error">
            <select {...input('kind')} autoFocus>
              {SERVICE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {SERVICE_LABELS[k]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Port (optional)" error={errorOf('port')} errorTestId="service-port-error">
            <input {...input('port')} inputMode="numeric" placeholder={String(DEFAULT_SERVICE_PORTS[kind])} />
          </Field>
          <Field
            label="Reach it through"
            wide
            error={errorOf('via')}
            errorTestId="service-via-error"
            hint={
              tunnel
                ? kind === 'redis'
                  ? 'The default for Redis: a driver in Greenboard through a port forwarded over the SSH session (sshd must allow TCP forwarding), no process started on the host. A password only if this Redis asks for one.'
                  : 'A driver in Greenboard through a port forwarded over the SSH session (sshd must allow TCP forwarding), logging in with a password kept like the other secrets.'
                : 'The client runs as the OS user below, so no password is asked for or kept.'
            }
          >
            {(control) => (
              <span className="service-form__via" role="radiogroup" id={control.id}>
                <label className="choice">
                  <input type="radio" value="peer" data-testid="service-via-peer" {...register('via')} /> Its
                  own client on the host (through the SSH session for a remote host)
                </label>
                <label className="choice">
                  <input type="radio" value="tunnel" data-testid="service-via-tunnel" {...register('via')} />{' '}
                  A tunnel to the port{kind === 'redis' ? '' : ', with a database user and password'}
                </label>
              </span>
            )}
          </Field>
          {tunnel && (
            <>
              <Field
                label={kind === 'redis' ? 'ACL user (optional)' : 'DB user'}
                hint={DB_USER_HINT[kind]}
                error={errorOf('dbUser')}
                errorTestId="service-dbUser-error"
              >
                <input {...input('dbUser')} className="input mono" spellCheck={false} autoComplete="off" />
              </Field>
              <Field
                label={kind === 'redis' ? 'Password (if it has one)' : 'Password'}
                hint="Kept with the other secrets (the OS keychain in the app), never shown again."
                error={errorOf('password')}
                errorTestId="service-password-error"
              >
                <input {...input('password')} type="password" autoComplete="new-password" />
              </Field>
            </>
          )}
          {!tunnel && (
            <>
              <Field
                label="OS user (optional)"
                hint={OS_USER_HINT[kind]}
                error={errorOf('osUser')}
                errorTestId="service-osUser-error"
              >
                <input
                  {...input('osUser')}
                  className="input mono"
                  spellCheck={false}
                  placeholder={kind === 'redis' ? '' : kind === 'mysql' ? 'root' : 'postgres'}
                />
              </Field>
              <Field
                label="Socket directory (optional)"
                hint={kind === 'redis' ? 'Not used for Redis.' : 'Where the server keeps its unix socket.'}
                error={errorOf('socketDir')}
                errorTestId="service-socketDir-error"
              >
                <input
                  {...input('socketDir')}
                  className="input mono"
                  spellCheck={false}
                  placeholder={
                    kind === 'postgres' ? '/var/run/postgresql' : kind === 'mysql' ? '/run/mysqld' : ''
                  }
                />
              </Field>
            </>
          )}
          <Field
            label="Database (optional)"
            hint={
              kind === 'postgres'
                ? 'The one pg_stat_statements is created in. Default: postgres.'
                : 'Not needed for this kind.'
            }
            error={errorOf('database')}
            errorTestId="service-database-error"
          >
            <input
              {...input('database')}
              className="input mono"
              spellCheck={false}
              placeholder={kind === 'postgres' ? 'postgres' : ''}
            />
          </Field>
          <Field
            label="Long query after, seconds (optional)"
            hint="Sessions running longer are listed with their statement. Default: 30."
            error={errorOf('longQuerySec')}
            errorTestId="service-long-query-error"
          >
            <input {...input('longQuerySec')} className="input" inputMode="numeric" placeholder="30" />
          </Field>
        </div>
        <ErrorNotice message={formError} testId="service-form-error" />
        <div className="modal__actions">
          <BusyButton
            type="submit"
            className="button button--primary"
            data-testid="service-save"
            busy={isSubmitting}
            busyLabel="Adding and polling it once…"
          >
            Add
          </BusyButton>
        </div>
      </form>
      <ServiceSuggestions hostId={hostId} onAdded={onDone} />
    </>
  );
}

import { useState, type FormEvent } from 'react';
import type { Balancer, GroupView } from '../../../shared/groups';
import { api, errorIssues, errorMessage } from '../api';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import {
  balancerOfDraft,
  draftOf,
  errorsOfIssues,
  type BalancerDraft,
  type BalancerField,
} from './balancerDraft';

/**
 * Names the load balancer in front of a group: nginx (its access log, with ua=$upstream_addr in
 * its log_format) or HAProxy (its admin socket or stats URL), on the host it runs on. Checked
 * with the contract's schema before it is sent; the engine's refusal lands beside the same fields.
 */
export function BalancerForm({
  group,
  hosts,
  onDone,
}: {
  group: GroupView;
  hosts: readonly { id: string; name: string }[];
  onDone: (g: GroupView) => void;
}) {
  const [draft, setDraft] = useState<BalancerDraft>(() => draftOf(group.balancer));
  const [errors, setErrors] = useState<Partial<Record<BalancerField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (balancer: Balancer | null): Promise<void> => {
    setBusy(true);
    setFormError(null);
    try {
      onDone(await api.call('groups:setBalancer', { tag: group.tag, balancer }));
    } catch (err) {
      const { fields, rest } = errorsOfIssues(errorIssues(err), errorMessage(err));
      setErrors(fields);
      setFormError(rest);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const r = balancerOfDraft(draft);
    setErrors(r.ok ? {} : r.errors);
    if (r.ok) void send(r.balancer);
  };
  const input = (key: BalancerField) => ({
    className: 'input mono',
    spellCheck: false,
    'data-testid': `balancer-${key}`,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const field = (key: BalancerField, label: string, hint: string, placeholder = '') => (
    <Field label={label} hint={hint} error={errors[key]} errorTestId={`balancer-${key}-error`}>
      <input {...input(key)} placeholder={placeholder} />
    </Field>
  );
  const nginx = draft.kind === 'nginx';
  return (
    <form className="form balancer-form" data-testid="balancer-form" onSubmit={submit} noValidate>
      <div className="form__grid">
        <Field label="Balancer" error={errors.kind} errorTestId="balancer-kind-error">
          <select {...input('kind')} className="input">
            <option value="nginx">nginx</option>
            <option value="haproxy">HAProxy</option>
          </select>
        </Field>
        <Field label="On host" error={errors.hostId} errorTestId="balancer-hostId-error">
          <select {...input('hostId')} className="input">
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </Field>
        {nginx
          ? field(
              'accessLog',
              'Access log',
              'Its log_format must carry ua=$upstream_addr (see the README).',
              '/var/log/nginx/access.log',
            )
          : field(
              'socket',
              'Admin socket',
              '"stats socket … level admin" in haproxy.cfg.',
              '/run/haproxy/admin.sock',
            )}
        {nginx
          ? field(
              'configPath',
              'Config (optional)',
              'For the upstream’s weight=; equal weights without it.',
              '/etc/nginx/nginx.conf',
            )
          : field(
              'statusUrl',
              'Stats URL (instead of the socket)',
              'Its CSV is read (;csv is added).',
              'http://127.0.0.1:8404/stats',
            )}
        {field('upstream', nginx ? 'Upstream (optional)' : 'Backend (optional)', 'Every one when empty.')}
        <Field
          label="Servers (optional)"
          wide
          hint="Which member each server is, one a line: 127.0.0.1:8081 = web-1. A server named like a member needs none."
          error={errors.servers}
          errorTestId="balancer-servers-error"
        >
          <textarea {...input('servers')} rows={3} />
        </Field>
      </div>
      <ErrorNotice message={formError} testId="balancer-form-error" />
      <div className="modal__actions">
        {group.balancer && (
          <button type="button" className="button" disabled={busy} onClick={() => void send(null)}>
            Forget the balancer
          </button>
        )}
        <BusyButton type="submit" className="button button--primary" busy={busy} data-testid="balancer-save">
          Save and read it
        </BusyButton>
      </div>
    </form>
  );
}

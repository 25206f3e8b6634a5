import { useState, type FormEvent } from 'react';
import type { HostInput } from '../../../shared/contract';
import type { Host, SshEndpointInfo } from '../../../shared/schemas';
import { api, errorMessage } from '../api';
import { formatSshAddress, parseSshAddress } from '../sshAddress';
import { ErrorNotice } from './ErrorNotice';
import { BusyButton } from './BusyButton';
import { TextField } from './TextField';

interface Fields {
  name: string;
  ssh: string;
  identity: string;
  jump: string;
  tags: string;
  intervalSec: string;
}

function initialFields(host: Host | undefined): Fields {
  const ssh = host?.ssh;
  return {
    name: host?.name ?? '',
    ssh: ssh ? formatSshAddress(ssh) : '',
    identity: ssh?.identityFile ?? '',
    jump: ssh?.jump ? formatSshAddress(ssh.jump) : '',
    tags: host?.tags.join(', ') ?? '',
    intervalSec: String((host?.intervalMs ?? 5000) / 1000),
  };
}

/** Turns the fields into the API's input, or says which field to fix. */
function toInput(f: Fields): { ok: true; input: HostInput } | { ok: false; message: string } {
  const target = parseSshAddress(f.ssh, 'SSH address');
  if (!target.ok) return target;
  let jump: SshEndpointInfo | undefined;
  if (f.jump.trim()) {
    const parsed = parseSshAddress(f.jump, 'Jump host');
    if (!parsed.ok) return parsed;
    jump = parsed.endpoint;
  }
  const seconds = Number(f.intervalSec);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600)
    return { ok: false, message: 'Interval: enter a number of seconds from 1 to 3600.' };
  const identityFile = f.identity.trim();
  return {
    ok: true,
    input: {
      name: f.name.trim(),
      ssh: { ...target.endpoint, ...(identityFile ? { identityFile } : {}), ...(jump ? { jump } : {}) },
      tags: [
        ...new Set(
          f.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ],
      intervalMs: Math.round(seconds * 1000),
    },
  };
}

/** The host's settings; the name is its id, so it is fixed once the host exists. */
export function HostForm({ host, onDone }: { host: Host | undefined; onDone: () => void }) {
  const [fields, setFields] = useState(() => initialFields(host));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set =
    (key: keyof Fields) =>
    (e: { target: { value: string } }): void =>
      setFields((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const parsed = toInput(fields);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.call(host ? 'hosts:update' : 'hosts:add', parsed.input);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="form" data-testid="host-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="form__grid">
        <TextField
          label="Name"
          data-testid="host-name"
          value={fields.name}
          onChange={set('name')}
          readOnly={host !== undefined}
          required
          autoFocus={!host}
          placeholder="web-1"
        />
        <TextField
          label="SSH address"
          mono
          data-testid="host-ssh"
          value={fields.ssh}
          onChange={set('ssh')}
          required
          placeholder="user@host or user@host:2222"
          spellCheck={false}
        />
        <TextField
          label="Identity file (optional)"
          mono
          hint="Without one, Greenboard tries ssh-agent and your default keys."
          data-testid="host-identity"
          value={fields.identity}
          onChange={set('identity')}
          placeholder="~/.ssh/id_ed25519"
          spellCheck={false}
        />
        <TextField
          label="Jump host (optional)"
          mono
          data-testid="host-jump"
          value={fields.jump}
          onChange={set('jump')}
          placeholder="user@bastion:22"
          spellCheck={false}
        />
        <TextField
          label="Tags (comma-separated)"
          data-testid="host-tags"
          value={fields.tags}
          onChange={set('tags')}
          placeholder="prod, web"
        />
        <TextField
          label="Poll every (seconds)"
          data-testid="host-interval"
          type="number"
          min={1}
          max={3600}
          value={fields.intervalSec}
          onChange={set('intervalSec')}
        />
      </div>
      <ErrorNotice message={error} testId="host-form-error" />
      <div className="modal__actions">
        <BusyButton type="submit" className="button button--primary" data-testid="host-save" busy={busy}>
          {host ? 'Save changes' : 'Add host'}
        </BusyButton>
      </div>
    </form>
  );
}

import { z } from 'zod';
import { HostInputSchema, type HostInput } from '../../../shared/contract';
import type { Host, SshEndpointInfo } from '../../../shared/schemas';
import { DEFAULT_SSH_INTERVAL_MS } from '../../../shared/hosts';
import { checkWithSchema, inputOrIssues, scaledMessage, type FormErrors } from '../ui/formSchema';
import { formatSshAddress, parseSshAddress } from './sshAddress';

/** The host form's fields as typed. */
export interface HostFields {
  name: string;
  ssh: string;
  identity: string;
  jump: string;
  tags: string;
  intervalSec: string;
}
export type HostField = keyof HostFields;

export function hostFields(host: Host | undefined): HostFields {
  const ssh = host?.ssh;
  return {
    name: host?.name ?? '',
    ssh: ssh ? formatSshAddress(ssh) : '',
    identity: ssh?.identityFile ?? '',
    jump: ssh?.jump ? formatSshAddress(ssh.jump) : '',
    tags: host?.tags.join(', ') ?? '',
    intervalSec: String((host?.intervalMs ?? DEFAULT_SSH_INTERVAL_MS) / 1000),
  };
}

/** The form field an issue path (the contract's, from the form or the engine) is about, if any. */
export function hostFieldOf(path: readonly PropertyKey[]): HostField | null {
  const [head, key] = path;
  if (head === 'name') return 'name';
  if (head === 'tags') return 'tags';
  if (head === 'intervalMs') return 'intervalSec';
  if (head !== 'ssh') return null;
  if (key === 'jump') return 'jump';
  if (key === 'identityFile') return 'identity';
  return 'ssh';
}

const text = z.string();

/** shared/hosts.ts names the field its message is about; beside that field the name goes. */
function besideField(message: string, what: string): string {
  return message.startsWith(`${what}: `) ? message.slice(what.length + 2) : message;
}

/**
 * The host form for react-hook-form (through zodResolver): the fields as typed in, the API's input
 * out, checked with the contract's own schema (the interval's range included) and every issue at
 * the field it is about. SSH addresses are read by the engine's own rules (shared/hosts.ts).
 */
export const HostFormSchema = z
  .object({ name: text, ssh: text, identity: text, jump: text, tags: text, intervalSec: text })
  .transform((f, ctx): HostInput => {
    const errors: FormErrors<HostField> = {};
    const target = parseSshAddress(f.ssh, 'SSH address');
    if (!target.ok) errors.ssh = besideField(target.message, 'SSH address');
    let jump: SshEndpointInfo | undefined;
    if (f.jump.trim()) {
      const parsed = parseSshAddress(f.jump, 'Jump host');
      if (parsed.ok) jump = parsed.endpoint;
      else errors.jump = besideField(parsed.message, 'Jump host');
    }
    const seconds = f.intervalSec.trim() === '' ? NaN : Number(f.intervalSec);
    if (!Number.isFinite(seconds)) errors.intervalSec = 'enter a number of seconds';
    const identityFile = f.identity.trim();
    const input: HostInput = {
      name: f.name.trim(),
      ssh: {
        // A stand-in while the address is refused, so the other fields are still checked.
        ...(target.ok ? target.endpoint : { user: 'user', host: 'host', port: 22 }),
        ...(identityFile ? { identityFile } : {}),
        ...(jump ? { jump } : {}),
      },
      tags: [
        ...new Set(
          f.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ],
      intervalMs: Math.round(seconds * 1000),
    };
    checkWithSchema(
      HostInputSchema,
      input,
      errors,
      (path) => hostFieldOf(path) ?? 'name',
      (field, issue) => (field === 'intervalSec' ? scaledMessage(issue, 1000, 'seconds') : issue.message),
    );
    return inputOrIssues(ctx, errors, input);
  });

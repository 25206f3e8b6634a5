import { describe, expect, it } from 'vitest';
import { HostFormSchema, hostFieldOf, hostFields, type HostFields } from './hostFormFields';

const filled = (over: Partial<HostFields> = {}): HostFields => ({
  ...hostFields(undefined),
  name: 'web-1',
  ssh: 'deploy@10.0.0.5:2222',
  ...over,
});

function errorsOf(fields: HostFields): Record<string, string> {
  const r = HostFormSchema.safeParse(fields);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe('HostFormSchema', () => {
  it('turns the fields into the API input', () => {
    const r = HostFormSchema.safeParse(
      filled({ identity: ' ~/.ssh/k ', jump: 'ops@bastion', tags: 'prod, web, prod,', intervalSec: '2.5' }),
    );
    expect(r.success && r.data).toEqual({
      name: 'web-1',
      ssh: {
        user: 'deploy',
        host: '10.0.0.5',
        port: 2222,
        identityFile: '~/.ssh/k',
        jump: { user: 'ops', host: 'bastion', port: 22 },
      },
      tags: ['prod', 'web'],
      intervalMs: 2500,
    });
  });

  it('puts each problem beside its field, the interval in seconds by the schema’s bounds', () => {
    const errors = errorsOf(
      filled({ name: 'bad name', ssh: 'nouser', jump: 'x@h:70000', intervalSec: '0.5' }),
    );
    expect(errors.name).toMatch(/letters, digits/);
    expect(errors.ssh).toMatch(/^"nouser" is not an SSH address/);
    expect(errors.jump).toBe('port 70000 is out of range (1-65535).');
    expect(errors.intervalSec).toBe('enter at least 1 seconds');
    expect(errorsOf(filled({ intervalSec: 'abc' })).intervalSec).toBe('enter a number of seconds');
    expect(errorsOf(filled({ intervalSec: '90000' })).intervalSec).toBe('enter at most 86400 seconds');
  });

  it('round-trips a saved host', () => {
    const fields = hostFields({
      id: 'web-1',
      name: 'web-1',
      kind: 'ssh',
      intervalMs: 5000,
      tags: ['a'],
      ssh: { user: 'u', host: 'h', port: 22 },
    });
    expect(fields).toMatchObject({ ssh: 'u@h', tags: 'a', intervalSec: '5' });
    expect(HostFormSchema.safeParse(fields).success).toBe(true);
  });
});

describe('hostFieldOf', () => {
  it('places an engine issue on its field, or on none', () => {
    expect(hostFieldOf(['ssh', 'jump', 'host'])).toBe('jump');
    expect(hostFieldOf(['ssh', 'identityFile'])).toBe('identity');
    expect(hostFieldOf(['ssh', 'port'])).toBe('ssh');
    expect(hostFieldOf(['tags', 3])).toBe('tags');
    expect(hostFieldOf(['intervalMs'])).toBe('intervalSec');
    expect(hostFieldOf([])).toBeNull();
  });
});

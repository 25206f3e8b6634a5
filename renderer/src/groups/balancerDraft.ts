import { BalancerSchema, type Balancer } from '../../../shared/groups';
import type { ApiIssue } from '../../../shared/schemas';

/** The balancer form's fields as typed: every value a string until it is checked. */
export interface BalancerDraft {
  kind: string;
  hostId: string;
  accessLog: string;
  configPath: string;
  upstream: string;
  socket: string;
  statusUrl: string;
  /** One "SERVER = MEMBER" a line: `127.0.0.1:8081 = web-1`. */
  servers: string;
}

export type BalancerField = keyof BalancerDraft;

export const EMPTY_BALANCER: BalancerDraft = {
  kind: 'nginx',
  hostId: 'local',
  accessLog: '',
  configPath: '',
  upstream: '',
  socket: '',
  statusUrl: '',
  servers: '',
};

/** The draft of a balancer already named, for editing it. */
export function draftOf(b: Balancer | null): BalancerDraft {
  if (!b) return EMPTY_BALANCER;
  return {
    kind: b.kind,
    hostId: b.hostId,
    accessLog: b.accessLog ?? '',
    configPath: b.configPath ?? '',
    upstream: b.upstream ?? '',
    socket: b.socket ?? '',
    statusUrl: b.statusUrl ?? '',
    servers: Object.entries(b.servers)
      .map(([s, h]) => `${s} = ${h}`)
      .join('\n'),
  };
}

const FIELDS = Object.keys(EMPTY_BALANCER) as BalancerField[];

/** The field an issue is about (the form's own check or the engine's), or null. */
export function fieldOf(path: readonly PropertyKey[]): BalancerField | null {
  // The engine's issues are about `balancer.accessLog`; the form's about `accessLog`.
  const p = path[0] === 'balancer' ? path.slice(1) : path;
  const head = String(p[0] ?? '');
  return (FIELDS as string[]).includes(head) ? (head as BalancerField) : null;
}

/**
 * The API's balancer from the form, checked with the contract's own schema; or each problem by
 * its field, in words. Empty fields are left out; a `servers` line without " = " is refused.
 */
export function balancerOfDraft(
  d: BalancerDraft,
): { ok: true; balancer: Balancer } | { ok: false; errors: Partial<Record<BalancerField, string>> } {
  const servers: Record<string, string> = {};
  const errors: Partial<Record<BalancerField, string>> = {};
  d.servers.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const [server, member, ...more] = line.split('=').map((x) => x.trim());
    if (!server || !member || more.length)
      errors.servers ??= `line ${i + 1}: write SERVER = MEMBER (127.0.0.1:8081 = web-1)`;
    else servers[server] = member;
  });
  const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  const parsed = BalancerSchema.safeParse({
    kind: d.kind,
    hostId: d.hostId.trim(),
    ...Object.fromEntries(
      (['accessLog', 'configPath', 'upstream', 'socket', 'statusUrl'] as const).flatMap((k) => {
        const v = opt(d[k]);
        return v === undefined ? [] : [[k, v]];
      }),
    ),
    servers,
  });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const f = fieldOf(issue.path) ?? (issue.path[0] === 'servers' ? 'servers' : 'kind');
      errors[f] ??= issue.message;
    }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, balancer: parsed.data };
}

/** The engine's issues by field; what belongs to no field, as one message. */
export function errorsOfIssues(
  issues: readonly ApiIssue[],
  message: string,
): { fields: Partial<Record<BalancerField, string>>; rest: string | null } {
  const fields: Partial<Record<BalancerField, string>> = {};
  for (const i of issues) {
    const f = fieldOf(i.path);
    if (f) fields[f] ??= i.message;
  }
  return { fields, rest: Object.keys(fields).length ? null : message };
}

import { z } from 'zod';
import {
  ServiceInputSchema,
  SERVICE_KINDS,
  type ServiceInput,
  type ServiceKind,
} from '../../../shared/services';
import type { ApiIssue } from '../../../shared/schemas';
import { checkWithSchema, inputOrIssues, numberText, type FormErrors } from '../ui/formSchema';

/** The add form's fields as typed: every value a string until it is checked. */
export interface ServiceDraft {
  kind: string;
  port: string;
  via: string;
  osUser: string;
  socketDir: string;
  database: string;
  /** tunnel: the database user (PostgreSQL, MySQL; an ACL user for Redis). */
  dbUser: string;
  /** tunnel: sent once through services:secret after the add, never in the add's input. */
  password: string;
  longQuerySec: string;
}

export type DraftField = keyof ServiceDraft;
export type DraftErrors = FormErrors<DraftField>;

export const EMPTY_DRAFT: ServiceDraft = {
  kind: 'postgres',
  port: '',
  via: 'peer',
  osUser: '',
  socketDir: '',
  database: '',
  dbUser: '',
  password: '',
  longQuerySec: '',
};

const FIELDS: readonly DraftField[] = [
  'kind',
  'port',
  'via',
  'osUser',
  'socketDir',
  'database',
  'dbUser',
  'password',
  'longQuerySec',
];

/** The form field an issue path (the contract's, from the form or the engine) is about; null for none. */
export function fieldOfPath(path: readonly PropertyKey[]): DraftField | null {
  const head = String(path[0] ?? '');
  return (FIELDS as readonly string[]).includes(head) ? (head as DraftField) : null;
}

/** The kind's name as the form has it, refusing anything else (a tampered select). */
export function kindOf(text: string): ServiceKind | null {
  return (SERVICE_KINDS as readonly string[]).includes(text) ? (text as ServiceKind) : null;
}

/**
 * The add form for react-hook-form (through zodResolver): the fields as typed in, the API's
 * input out, checked with the contract's own schema (port range, name formats) with every issue
 * beside its field. Empty fields are left out, so the engine's defaults per kind apply.
 */
export function serviceFormSchema(hostId: string) {
  const text = z.string();
  return z
    .object({
      kind: text,
      port: text,
      via: text,
      osUser: text,
      socketDir: text,
      database: text,
      dbUser: text,
      password: text,
      longQuerySec: text,
    })
    .transform((d, ctx): ServiceInput => {
      const errors: DraftErrors = {};
      const port = numberText(d.port, 'port', errors);
      const longQuerySec = numberText(d.longQuerySec, 'longQuerySec', errors);
      const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
      const osUser = opt(d.osUser);
      const socketDir = opt(d.socketDir);
      const database = opt(d.database);
      const tunnel = d.via === 'tunnel';
      // A tunnel runs no client on the host: its OS user and socket fields are not sent.
      const dbUser = tunnel ? opt(d.dbUser) : undefined;
      const input: ServiceInput = {
        hostId,
        kind: (kindOf(d.kind) ?? d.kind) as ServiceKind,
        ...(port !== undefined ? { port } : {}),
        via: d.via as ServiceInput['via'],
        ...(osUser && !tunnel ? { osUser } : {}),
        ...(socketDir && !tunnel ? { socketDir } : {}),
        ...(database ? { database } : {}),
        ...(dbUser ? { dbUser } : {}),
        ...(longQuerySec !== undefined ? { longQuerySec } : {}),
      };
      checkWithSchema(ServiceInputSchema, input, errors, (p) => fieldOfPath(p) ?? 'kind', portMessage);
      if (tunnel && d.password.length > 1024) errors.password = 'at most 1,024 characters';
      return inputOrIssues(ctx, errors, input);
    });
}

/** The schema's port bounds in words. */
function portMessage(field: DraftField, issue: z.core.$ZodIssue): string {
  if (field !== 'port') return issue.message;
  if (issue.code === 'too_small' || issue.code === 'too_big') return 'enter a port from 1 to 65535';
  if (issue.code === 'invalid_type') return 'enter a whole number from 1 to 65535';
  return issue.message;
}

/** Sorts the engine's refusal into messages beside fields and the rest, shown under the form. */
export function errorsFromIssues(
  issues: readonly ApiIssue[],
  message: string,
): { fields: DraftErrors; rest: string | null } {
  if (issues.length === 0) return { fields: {}, rest: message };
  const fields: DraftErrors = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const field = fieldOfPath(issue.path);
    if (field && !fields[field]) fields[field] = issue.message;
    else if (!field)
      rest.push(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
  }
  return { fields, rest: rest.length ? rest.join('; ') : null };
}

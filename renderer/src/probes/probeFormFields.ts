import { z } from 'zod';
import { ProbeInputSchema, type ExpectStatus, type ProbeDef, type ProbeInput } from '../../../shared/probes';
import type { ApiIssue } from '../../../shared/schemas';
import { formatExpectStatus } from './probeFormat';

/** What the probe form holds: text as typed, turned into the API's input on save. */
export interface ProbeFields {
  name: string;
  method: string;
  url: string;
  expectStatus: string;
  keyword: string;
  jsonPath: string;
  jsonEquals: string;
  headers: string;
  intervalSec: string;
  timeoutSec: string;
  sloPercentile: string;
  sloUnderMs: string;
  sloWindowMin: string;
  certWarnDays: string;
  certCritDays: string;
  verifyTls: boolean;
  fromHostId: string;
}

export type FieldKey = keyof ProbeFields;
/** A message per field, shown beside it. */
export type FieldErrors = Partial<Record<FieldKey, string>>;

/** The form for a new probe (the schema's defaults) or for editing `def`. */
export function fieldsFromDef(def?: ProbeDef): ProbeFields {
  const equals = def?.expectJsonPath?.equals;
  return {
    name: def?.name ?? '',
    method: def?.method ?? 'GET',
    url: def?.url ?? '',
    expectStatus: def ? formatExpectStatus(def.expectStatus).replace('–', '-') : '200-399',
    keyword: def?.expectKeyword ?? '',
    jsonPath: def?.expectJsonPath?.path ?? '',
    // A string shows bare unless it would read back as another type ("200", "true").
    jsonEquals:
      equals === undefined
        ? ''
        : typeof equals === 'string' && !parsesAsScalar(equals)
          ? equals
          : JSON.stringify(equals),
    headers: Object.entries(def?.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    intervalSec: String((def?.intervalMs ?? 30_000) / 1000),
    timeoutSec: String((def?.timeoutMs ?? 10_000) / 1000),
    sloPercentile: String(def?.slo.percentile ?? 95),
    sloUnderMs: String(def?.slo.underMs ?? 1000),
    sloWindowMin: String((def?.slo.windowMs ?? 15 * 60_000) / 60_000),
    certWarnDays: String(def?.certWarnDays ?? 14),
    certCritDays: String(def?.certCritDays ?? 3),
    verifyTls: def?.verifyTls ?? true,
    fromHostId: def?.fromHostId ?? '',
  };
}

function parsesAsScalar(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return v === null || ['number', 'boolean', 'string'].includes(typeof v);
  } catch {
    return false;
  }
}

/** "200-399", "200–399", "200", "200, 204": a range or a list; a string says what is wrong. */
export function parseExpectStatus(text: string): ExpectStatus | string {
  const t = text.trim();
  if (!t) return 'enter a range like 200-399 or a list like 200, 204';
  const range = /^(\d{3})\s*[-–]\s*(\d{3})$/.exec(t);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    if (min > max) return `${min} is above ${max}: write the lower status first`;
    return { min, max };
  }
  const parts = t.split(/[\s,]+/).filter(Boolean);
  if (parts.every((p) => /^\d{3}$/.test(p))) return [...new Set(parts.map(Number))];
  return 'use a range like 200-399 or a list like 200, 204';
}

/** One "Name: value" per line; a string names the line that is not. */
export function parseHeaders(text: string): Record<string, string> | string {
  const headers: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return `line ${i + 1}: write it as "Name: value"`;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The JSON path's expected value: JSON when it parses as a scalar (200, true, null, "x"), else text. */
function parseEquals(text: string): string | number | boolean | null {
  return parsesAsScalar(text) ? (JSON.parse(text) as string | number | boolean | null) : text;
}

/** Where the API's issue paths land in the form. */
const PATH_FIELDS: Record<string, FieldKey> = {
  name: 'name',
  method: 'method',
  url: 'url',
  headers: 'headers',
  expectStatus: 'expectStatus',
  expectKeyword: 'keyword',
  'expectJsonPath.path': 'jsonPath',
  'expectJsonPath.equals': 'jsonEquals',
  expectJsonPath: 'jsonPath',
  intervalMs: 'intervalSec',
  timeoutMs: 'timeoutSec',
  'slo.percentile': 'sloPercentile',
  'slo.underMs': 'sloUnderMs',
  'slo.windowMs': 'sloWindowMin',
  slo: 'sloUnderMs',
  certWarnDays: 'certWarnDays',
  certCritDays: 'certCritDays',
  verifyTls: 'verifyTls',
  fromHostId: 'fromHostId',
};

/** The form field for an issue path like `slo.underMs` or `headers.X Bad`, if there is one. */
export function fieldForPath(path: readonly PropertyKey[]): FieldKey | null {
  for (let n = path.length; n > 0; n--) {
    const key = path.slice(0, n).map(String).join('.');
    const field = PATH_FIELDS[key];
    if (field) return field;
  }
  return null;
}

/**
 * Sorts a refusal's issues into messages beside fields and the rest, which the form shows under
 * its fields. A refusal without issues is all rest.
 */
export function errorsFromIssues(
  issues: readonly ApiIssue[],
  message: string,
): { fields: FieldErrors; rest: string | null } {
  if (issues.length === 0) return { fields: {}, rest: message };
  const fields: FieldErrors = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const field = fieldForPath(issue.path);
    if (field && !fields[field]) fields[field] = issue.message;
    else if (!field)
      rest.push(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
  }
  return { fields, rest: rest.length ? rest.join('; ') : null };
}

/** The unit a number field is typed in, and how many of the schema's units make one. */
const UNITS: Partial<Record<FieldKey, { scale: number; words: string }>> = {
  intervalSec: { scale: 1000, words: 'seconds' },
  timeoutSec: { scale: 1000, words: 'seconds' },
  sloPercentile: { scale: 1, words: 'percent' },
  sloUnderMs: { scale: 1, words: 'milliseconds' },
  sloWindowMin: { scale: 60_000, words: 'minutes' },
  certWarnDays: { scale: 1, words: 'days' },
  certCritDays: { scale: 1, words: 'days' },
};

/** The typed number, or NaN with "enter a number of seconds" beside its field. */
function numberOf(text: string, key: FieldKey, errors: FieldErrors): number {
  const n = Number(text.trim());
  if (text.trim() !== '' && Number.isFinite(n)) return n;
  errors[key] = `enter a number of ${UNITS[key]?.words ?? 'units'}`;
  return NaN;
}

/**
 * The schema's message for a number field in the unit the form shows: its bounds are the
 * schema's own (the issue carries them), only scaled from milliseconds to seconds or minutes.
 */
function messageFor(field: FieldKey, issue: z.core.$ZodIssue): string {
  const unit = UNITS[field];
  if (!unit) return issue.message;
  if (issue.code === 'too_small') return `enter at least ${Number(issue.minimum) / unit.scale} ${unit.words}`;
  if (issue.code === 'too_big') return `enter at most ${Number(issue.maximum) / unit.scale} ${unit.words}`;
  return issue.message;
}

/**
 * The API's input from the form, checked with the same schema the engine uses (ranges included:
 * the form has none of its own) so most mistakes show beside their field before anything is sent;
 * or the errors per field.
 */
export function toProbeInput(
  f: ProbeFields,
): { ok: true; input: ProbeInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const expectStatus = parseExpectStatus(f.expectStatus);
  if (typeof expectStatus === 'string') errors.expectStatus = expectStatus;
  const headers = parseHeaders(f.headers);
  if (typeof headers === 'string') errors.headers = headers;
  const interval = numberOf(f.intervalSec, 'intervalSec', errors);
  const timeout = numberOf(f.timeoutSec, 'timeoutSec', errors);
  const percentile = numberOf(f.sloPercentile, 'sloPercentile', errors);
  const underMs = numberOf(f.sloUnderMs, 'sloUnderMs', errors);
  const windowMin = numberOf(f.sloWindowMin, 'sloWindowMin', errors);
  const warn = numberOf(f.certWarnDays, 'certWarnDays', errors);
  const crit = numberOf(f.certCritDays, 'certCritDays', errors);
  if (!f.jsonPath.trim() && f.jsonEquals.trim())
    errors.jsonPath = 'give the path whose value must equal this';

  const input: ProbeInput = {
    name: f.name.trim(),
    method: f.method as ProbeInput['method'],
    url: f.url.trim(),
    headers: typeof headers === 'string' ? {} : headers,
    expectStatus: typeof expectStatus === 'string' ? { min: 200, max: 399 } : expectStatus,
    ...(f.keyword ? { expectKeyword: f.keyword } : {}),
    ...(f.jsonPath.trim()
      ? {
          expectJsonPath: {
            path: f.jsonPath.trim(),
            ...(f.jsonEquals.trim() ? { equals: parseEquals(f.jsonEquals.trim()) } : {}),
          },
        }
      : {}),
    intervalMs: Math.round(interval * 1000),
    timeoutMs: Math.round(timeout * 1000),
    slo: { percentile, underMs: Math.round(underMs), windowMs: Math.round(windowMin * 60_000) },
    certWarnDays: warn,
    certCritDays: crit,
    verifyTls: f.verifyTls,
    ...(f.fromHostId ? { fromHostId: f.fromHostId } : {}),
  };
  const checked = ProbeInputSchema.safeParse(input);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = fieldForPath(issue.path) ?? 'name';
      errors[field] ??= messageFor(field, issue);
    }
  }
  if (!f.name.trim()) errors.name = 'give the probe a name';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}

const text = z.string();

/**
 * The probe form for react-hook-form (through zodResolver): the fields as typed in, the API's
 * input out, every issue at the field it is about (see {@link toProbeInput}).
 */
export const ProbeFormSchema = z
  .object({
    name: text,
    method: text,
    url: text,
    expectStatus: text,
    keyword: text,
    jsonPath: text,
    jsonEquals: text,
    headers: text,
    intervalSec: text,
    timeoutSec: text,
    sloPercentile: text,
    sloUnderMs: text,
    sloWindowMin: text,
    certWarnDays: text,
    certCritDays: text,
    verifyTls: z.boolean(),
    fromHostId: text,
  })
  .transform((fields, ctx) => {
    const parsed = toProbeInput(fields);
    if (parsed.ok) return parsed.input;
    for (const [path, message] of Object.entries(parsed.errors)) {
      ctx.addIssue({ code: 'custom', path: [path], message });
    }
    return z.NEVER;
  });

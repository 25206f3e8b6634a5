import {
  PrometheusSourceSchema,
  type PrometheusAuth,
  type PrometheusSource,
} from '../../../shared/prometheus';
import { z } from 'zod';
import type { ApiIssue } from '../../../shared/schemas';
import { checkWithSchema, type FormErrors } from '../ui/formSchema';
import type { FieldErrors } from './rulesDraft';

export type AuthKind = PrometheusAuth['kind'];

/** One Prometheus source as typed: strings, so a half-typed number is not coerced away. */
export interface SourceDraft {
  /** Stable React key; not saved (the id itself may be edited). */
  key: string;
  id: string;
  url: string;
  selector: string;
  refreshS: string;
  authKind: AuthKind;
  username: string;
}

export type DataSourcesDraft = SourceDraft[];

/** The fields of a source the form shows, as they are spelled in `prometheus.N.<field>` paths. */
export const SOURCE_FIELDS = ['id', 'url', 'selector', 'refreshMs', 'auth'] as const;
export type SourceField = (typeof SOURCE_FIELDS)[number];

export const DEFAULT_SELECTOR = 'job="node"';
export const DEFAULT_REFRESH_S = 15;

let nextKey = 0;
const newKey = (): string => `source-${++nextKey}`;

export function toSourceDraft(s: PrometheusSource): SourceDraft {
  return {
    key: newKey(),
    id: s.id,
    url: s.url,
    selector: s.selector,
    refreshS: String(s.refreshMs / 1000),
    authKind: s.auth.kind,
    username: s.auth.kind === 'basic' ? s.auth.username : '',
  };
}

export function toDataSourcesDraft(sources: readonly PrometheusSource[]): DataSourcesDraft {
  return sources.map(toSourceDraft);
}

/** A new, empty source: the id is the first free of "prom", "prom-2", … */
export function emptySourceDraft(existing: readonly SourceDraft[]): SourceDraft {
  const taken = new Set(existing.map((s) => s.id));
  let id = 'prom';
  for (let n = 2; taken.has(id); n++) id = `prom-${n}`;
  return {
    key: newKey(),
    id,
    url: '',
    selector: DEFAULT_SELECTOR,
    refreshS: String(DEFAULT_REFRESH_S),
    authKind: 'none',
    username: '',
  };
}

/**
 * The environment variable the engine reads a source's token or password from (secrets are
 * not kept in greenboard.json): `GREENBOARD_PROMETHEUS_SECRET_PROM_MAIN` for id `prom-main`.
 */
export function secretEnvName(id: string): string {
  return `GREENBOARD_PROMETHEUS_SECRET_${id
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '_')}`;
}

function authOf(d: SourceDraft): PrometheusAuth {
  if (d.authKind === 'basic') return { kind: 'basic', username: d.username.trim() };
  return { kind: d.authKind };
}

/** Zod's issue path ("auth.username") mapped onto a field the form shows. */
function fieldOf(path: readonly PropertyKey[]): SourceField {
  const head = String(path[0] ?? '');
  return (SOURCE_FIELDS as readonly string[]).includes(head) ? (head as SourceField) : 'id';
}

// The refresh bounds as the schema holds them, so the message cannot drift from the check.
const REFRESH = PrometheusSourceSchema.shape.refreshMs.unwrap();
const REFRESH_WORDS = `refresh every ${(REFRESH.minValue ?? 1000) / 1000} to ${(REFRESH.maxValue ?? 0) / 1000} seconds`;

/** Zod's words where they are clear; plainer ones where they speak in milliseconds or types. */
function messageFor(field: SourceField, issue: z.core.$ZodIssue): string {
  if (field === 'refreshMs') return REFRESH_WORDS;
  if (field === 'auth') return 'basic auth needs a username';
  return issue.message;
}

/** One source as typed, to the source the contract takes, checked with the contract's own schema. */
function checkSource(s: SourceDraft, errors: FormErrors<SourceField>): PrometheusSource {
  const refreshText = s.refreshS.trim();
  const refreshS = refreshText === '' ? NaN : Number(refreshText);
  if (!Number.isFinite(refreshS)) errors.refreshMs = 'enter a number of seconds';
  const candidate = {
    id: s.id.trim(),
    url: s.url.trim(),
    selector: s.selector.trim() === '' ? DEFAULT_SELECTOR : s.selector.trim(),
    auth: authOf(s),
    refreshMs: Number.isFinite(refreshS) ? Math.round(refreshS * 1000) : 0,
  };
  checkWithSchema(PrometheusSourceSchema, candidate, errors, fieldOf, messageFor);
  return candidate;
}

const SourceDraftSchema = z.object({
  key: z.string(),
  id: z.string(),
  url: z.string(),
  selector: z.string(),
  refreshS: z.string(),
  authKind: z.enum(['none', 'bearer', 'basic']),
  username: z.string(),
});

/**
 * The Data sources tab's form schema: the sources as typed in, the contract's sources out, each
 * checked with the contract's own schema in the browser so each error sits beside its field
 * (issue path `[N, field]`, `prometheus.N.field` in the settings) before anything reaches the
 * engine; duplicate ids too, since a host's id is prefixed with its source's.
 */
export const DataSourcesFormSchema = z.array(SourceDraftSchema).transform((drafts, ctx) => {
  const seen = new Set<string>();
  const sources: PrometheusSource[] = [];
  let failed = false;
  drafts.forEach((d, i) => {
    const errors: FormErrors<SourceField> = {};
    const source = checkSource(d, errors);
    if (source.id !== '' && seen.has(source.id)) {
      errors.id = errors.id
        ? `${errors.id}; another source already has this id`
        : 'another source already has this id';
    }
    seen.add(source.id);
    for (const [field, message] of Object.entries(errors) as [SourceField, string][]) {
      ctx.addIssue({ code: 'custom', path: [i, field], message });
      failed = true;
    }
    sources.push(source);
  });
  return failed ? z.NEVER : sources;
});

/** Field paths and their typed text, so an edit clears only the errors of what it changed. */
export function flattenDataSourcesDraft(d: DataSourcesDraft): Record<string, string> {
  const out: Record<string, string> = {};
  d.forEach((s, i) => {
    const base = `prometheus.${i}`;
    out[`${base}.id`] = s.id;
    out[`${base}.url`] = s.url;
    out[`${base}.selector`] = s.selector;
    out[`${base}.refreshMs`] = s.refreshS;
    out[`${base}.auth`] = `${s.authKind}:${s.username}`;
  });
  return out;
}

/**
 * The engine's refusal pinned on the fields: an issue at `prometheus.N.<field>` goes on that
 * field, one at a deeper path (`auth.username`) on the field it belongs to.
 */
export function dataSourceErrorsFromIssues(issues: readonly ApiIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { path, message } of issues) {
    const [root, index, head] = path;
    if (root !== 'prometheus' || typeof index !== 'number' || head === undefined) continue;
    const key = `prometheus.${index}.${fieldOf([head])}`;
    errors[key] = errors[key] ? `${errors[key]}; ${message}` : message;
  }
  return errors;
}

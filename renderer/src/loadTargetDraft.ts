import {
  LoadTargetInputSchema,
  parseThreshold,
  type LoadTarget,
  type LoadTargetInput,
} from '../../shared/loadTests';

/** The target form's fields as typed: every value a string until it is checked. */
export interface LoadTargetDraft {
  name: string;
  url: string;
  method: string;
  /** One "Name: value" per line. */
  headers: string;
  body: string;
  connections: string;
  durationSec: string;
  /** Empty for no fixed rate. */
  rate: string;
  /** One threshold per line, e.g. `p95<500ms`. */
  thresholds: string;
  /** '' for none. */
  hostId: string;
}

export type DraftField = keyof LoadTargetDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

export function draftFromTarget(target: LoadTarget | undefined): LoadTargetDraft {
  const spec = target?.spec;
  return {
    name: target?.name ?? '',
    url: spec?.targetUrl ?? '',
    method: spec?.method ?? 'GET',
    headers: Object.entries(spec?.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    body: spec?.body ?? '',
    connections: String(spec?.connections ?? 10),
    durationSec: String(spec?.durationSec ?? 10),
    rate: spec?.rate === undefined ? '' : String(spec.rate),
    thresholds: (spec?.thresholds ?? []).join('\n'),
    hostId: target?.hostId ?? '',
  };
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** "Name: value" lines to a header record, or the first bad line. */
export function parseHeaderLines(
  text: string,
): { ok: true; headers: Record<string, string> } | { ok: false; error: string } {
  const headers: Record<string, string> = {};
  for (const line of lines(text)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, error: `"${line}" is not "Name: value"` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { ok: true, headers };
}

/** Each threshold line checked; the error names the line. */
export function thresholdErrors(text: string): string | null {
  const errors = lines(text).flatMap((l) => {
    const r = parseThreshold(l);
    return r.ok ? [] : [r.error];
  });
  return errors.length ? errors.join('; ') : null;
}

/** A number field: empty is undefined, anything else must be a number. */
function num(text: string): number | undefined {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
}

/** Which form field a schema issue belongs to. */
function fieldOf(path: readonly PropertyKey[]): DraftField {
  const [head, key] = path;
  if (head === 'name') return 'name';
  if (head === 'hostId') return 'hostId';
  switch (key) {
    case 'targetUrl':
      return 'url';
    case 'method':
    case 'headers':
    case 'body':
    case 'connections':
    case 'durationSec':
    case 'rate':
    case 'thresholds':
      return key;
    default:
      return 'url';
  }
}

/**
 * The draft as the API's input, checked with the contract's own schema (caps included), or an
 * error per field to show beside it.
 */
export function checkDraft(
  draft: LoadTargetDraft,
  id: string | undefined,
): { ok: true; input: LoadTargetInput } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const headers = parseHeaderLines(draft.headers);
  if (!headers.ok) errors.headers = headers.error;
  const thresholdError = thresholdErrors(draft.thresholds);
  if (thresholdError) errors.thresholds = thresholdError;
  const numbers = {
    connections: num(draft.connections),
    durationSec: num(draft.durationSec),
    rate: num(draft.rate),
  };
  for (const [key, value] of Object.entries(numbers) as [DraftField, number | undefined][])
    if (value !== undefined && !Number.isFinite(value)) errors[key] = 'enter a number';
  const input: LoadTargetInput = {
    ...(id ? { id } : {}),
    name: draft.name.trim(),
    hostId: draft.hostId || null,
    spec: {
      targetUrl: draft.url.trim(),
      method: draft.method as LoadTargetInput['spec']['method'],
      headers: headers.ok ? headers.headers : {},
      ...(draft.body ? { body: draft.body } : {}),
      ...(numbers.connections !== undefined ? { connections: numbers.connections } : {}),
      ...(numbers.durationSec !== undefined ? { durationSec: numbers.durationSec } : {}),
      ...(numbers.rate !== undefined ? { rate: numbers.rate } : {}),
      thresholds: lines(draft.thresholds),
    },
  };
  const parsed = LoadTargetInputSchema.safeParse(input);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      errors[field] ??= issue.message;
    }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input };
}

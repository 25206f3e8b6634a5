import { z } from 'zod';
import { LoadTargetInputSchema, type LoadTarget, type LoadTargetInput } from '../../../shared/loadTests';
import { checkWithSchema, inputOrIssues, numberText, textLines, type FormErrors } from '../ui/formSchema';

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
export type DraftErrors = FormErrors<DraftField>;

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

/** "Name: value" lines to a header record, or the first bad line. */
export function parseHeaderLines(
  text: string,
): { ok: true; headers: Record<string, string> } | { ok: false; error: string } {
  const headers: Record<string, string> = {};
  for (const line of textLines(text)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, error: `"${line}" is not "Name: value"` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { ok: true, headers };
}

/** Which form field an issue path (the contract's, from the form or the engine) belongs to. */
export function fieldOf(path: readonly PropertyKey[]): DraftField {
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
 * The target form for react-hook-form (through zodResolver): the fields as typed in, the API's
 * input out, checked with the contract's own schema (caps included) and every issue at the field
 * it is about. `id` is the target being edited, if any.
 */
export function loadTargetFormSchema(id: string | undefined) {
  const text = z.string();
  return z
    .object({
      name: text,
      url: text,
      method: text,
      headers: text,
      body: text,
      connections: text,
      durationSec: text,
      rate: text,
      thresholds: text,
      hostId: text,
    })
    .transform((draft, ctx): LoadTargetInput => {
      const errors: DraftErrors = {};
      const headers = parseHeaderLines(draft.headers);
      if (!headers.ok) errors.headers = headers.error;
      const connections = numberText(draft.connections, 'connections', errors);
      const durationSec = numberText(draft.durationSec, 'durationSec', errors);
      const rate = numberText(draft.rate, 'rate', errors);
      const input: LoadTargetInput = {
        ...(id ? { id } : {}),
        name: draft.name.trim(),
        hostId: draft.hostId || null,
        spec: {
          targetUrl: draft.url.trim(),
          method: draft.method as LoadTargetInput['spec']['method'],
          headers: headers.ok ? headers.headers : {},
          ...(draft.body ? { body: draft.body } : {}),
          ...(connections !== undefined ? { connections } : {}),
          ...(durationSec !== undefined ? { durationSec } : {}),
          ...(rate !== undefined ? { rate } : {}),
          thresholds: textLines(draft.thresholds),
        },
      };
      checkWithSchema(LoadTargetInputSchema, input, errors, fieldOf);
      return inputOrIssues(ctx, errors, input);
    });
}

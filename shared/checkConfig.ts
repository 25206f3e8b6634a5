import { z } from 'zod';
import { AuditConfigSchema, SeveritySchema } from './audit';
import { LoadTestSpecSchema } from './loadTests';
import { ProbeDefSchema } from './probes';
import { safeString } from './safeText';

/**
 * The config file of `greenboard check` (default `./greenboard-checks.json`): the probes, load
 * tests and audits a deploy pipeline gates on. Objects are strict, so a misspelt key (`maxms`)
 * is an error rather than a gate that silently never fails.
 */

export const DEFAULT_CHECK_CONFIG_FILE = 'greenboard-checks.json';

/** A probe, run once. `id` defaults to `name`; `maxMs` fails it when the total time reaches it. */
export const CheckProbeSchema = z
  .strictObject({
    ...ProbeDefSchema.shape,
    id: ProbeDefSchema.shape.id.optional(),
    /** Fail when the whole request (DNS to last byte) takes this long or longer. */
    maxMs: z.number().positive().max(600_000).optional(),
  })
  .transform(({ id, ...p }) => ({ ...p, id: id ?? p.name.slice(0, 64) }));
export type CheckProbe = z.infer<typeof CheckProbeSchema>;

/** A load test with a name for the table; at least one threshold, or it could never fail. */
export const CheckLoadTestSchema = z.strictObject({
  ...LoadTestSpecSchema.shape,
  name: safeString().min(1).max(120),
  thresholds: LoadTestSpecSchema.shape.thresholds.unwrap().min(1, {
    error: 'give at least one threshold, e.g. "p95<500ms": a load test without one cannot fail',
  }),
});
export type CheckLoadTest = z.infer<typeof CheckLoadTestSchema>;

/**
 * A security audit of `local` (this machine) or a host saved in Greenboard. Fails when the score
 * is under `minScore`, or when any finding of severity `failOn` or worse failed.
 */
export const CheckAuditSchema = z.strictObject({
  ...AuditConfigSchema.shape,
  host: safeString().min(1).max(300),
  minScore: z.number().min(0).max(100).optional(),
  failOn: SeveritySchema.default('high'),
});
export type CheckAudit = z.infer<typeof CheckAuditSchema>;

export const CheckConfigSchema = z
  .strictObject({
    probes: z.array(CheckProbeSchema).default([]),
    loadTests: z.array(CheckLoadTestSchema).default([]),
    audits: z.array(CheckAuditSchema).default([]),
  })
  .refine((c) => c.probes.length + c.loadTests.length + c.audits.length > 0, {
    error: 'nothing to check: add at least one of probes, loadTests or audits',
  });
export type CheckConfig = z.infer<typeof CheckConfigSchema>;

/** `probes[0].url`, `loadTests[1].thresholds[0]`, or `(top level)` for the file as a whole. */
export function issuePath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const step of path) s += typeof step === 'number' ? `[${step}]` : `${s ? '.' : ''}${String(step)}`;
  return s || '(top level)';
}

// A missing field says so, keeping a schema's own advice ("use an http:// or https:// URL").
function issueMessage(i: z.core.$ZodIssue): string {
  if (i.code !== 'invalid_type' || i.input !== undefined) return i.message;
  return i.message.startsWith('Invalid input') ? 'missing' : `missing: ${i.message}`;
}

/**
 * Parses a config file's text. Returns the config, or every problem as `path: message` lines.
 */
export function parseCheckConfig(
  text: string,
): { ok: true; config: CheckConfig } | { ok: false; errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`not valid JSON: ${(err as Error).message}`] };
  }
  const r = CheckConfigSchema.safeParse(raw, { reportInput: true });
  if (r.success) return { ok: true, config: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${issuePath(i.path)}: ${issueMessage(i)}`) };
}

import { z } from 'zod';
import { freeText, httpUrl, intervalMs, safeString } from './safeText';
import { HealthStateSchema } from './schemas';

/**
 * HTTP(S) probes: what a probe asks for, what one run of it found, and the health derived from
 * a window of runs. The engine side lives in electron/engine/checks.
 */

export const PROBE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const ProbeMethodSchema = z.enum(PROBE_METHODS);

const StatusCodeSchema = z.number().int().min(100).max(599);

/** Either an inclusive range or an exact list of acceptable statuses. */
export const ExpectStatusSchema = z.union([
  z
    .object({ min: StatusCodeSchema, max: StatusCodeSchema })
    .refine((r) => r.min <= r.max, 'min must not be above max'),
  z.array(StatusCodeSchema).min(1),
]);
export type ExpectStatus = z.infer<typeof ExpectStatusSchema>;

/**
 * Request headers a probe or load test sends (a probe run from a fleet host passes them to curl
 * on its command line): a token name, and a value that may hold a tab but no other control
 * character, so it can neither span lines nor cut an argument short.
 */
export const RequestHeadersSchema = z
  .record(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, 'not a valid header name'),
    safeString('tab').max(8192),
  )
  .refine((h) => Object.keys(h).length <= 100, 'at most 100 headers');

/** One step of a JSON path: an object key or an array index. */
export type JsonPathStep = string | number;

const JSON_PATH_STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/;

/**
 * Parses the small JSON-path subset probes accept: `$`, then `.key`, `[0]` or `["odd key"]`
 * steps (`$.status`, `$.checks[0].name`). No wildcards or filters: a probe asserts one value.
 * Returns null when the path is not in that subset.
 */
export function parseJsonPath(path: string): JsonPathStep[] | null {
  if (!path.startsWith('$')) return null;
  const steps: JsonPathStep[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = JSON_PATH_STEP.exec(rest);
    if (!m) return null;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[3] ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return steps;
}

const JsonScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ExpectJsonPathSchema = z.object({
  path: z
    .string()
    .max(500)
    .refine((p) => parseJsonPath(p) !== null, 'use a path like $.status or $.checks[0].name'),
  /** When absent the value only has to exist. */
  equals: JsonScalarSchema.optional(),
});

export const ProbeSloSchema = z.object({
  percentile: z.number().min(1).max(100).default(95),
  /** The percentile of total request time must stay under this. */
  underMs: z.number().int().positive().max(600_000).default(1000),
  windowMs: z
    .number()
    .int()
    .min(60_000)
    .max(7 * 86_400_000, 'the SLO window can be at most 7 days')
    .default(15 * 60_000),
});
export type ProbeSlo = z.infer<typeof ProbeSloSchema>;

/** A probe definition. Parse user input with this schema to get every default filled in. */
export const ProbeDefSchema = z.object({
  id: safeString().min(1).max(64),
  name: safeString().min(1).max(120),
  method: ProbeMethodSchema.default('GET'),
  url: httpUrl(),
  headers: RequestHeadersSchema.default({}),
  expectStatus: ExpectStatusSchema.default({ min: 200, max: 399 }),
  /** Must appear (case-sensitive) in the decoded body. */
  expectKeyword: freeText().min(1).max(1000).optional(),
  expectJsonPath: ExpectJsonPathSchema.optional(),
  intervalMs: intervalMs(1000).default(30_000),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  slo: ProbeSloSchema.default({ percentile: 95, underMs: 1000, windowMs: 15 * 60_000 }),
  certWarnDays: z.number().min(0).max(3650).default(14),
  certCritDays: z.number().min(0).max(3650).default(3),
  /**
   * When false an untrusted certificate (self-signed, unknown CA, wrong name) is not a failure.
   * Expiry is still reported.
   */
  verifyTls: z.boolean().default(true),
  /**
   * A fleet host (its id) that also runs this probe with curl over its SSH session, so the board
   * can tell "the site is down" from "my network is down".
   */
  fromHostId: safeString().min(1).max(300).optional(),
});
/** A probe definition with every default filled in (the output of {@link ProbeDefSchema}). */
export type ProbeDef = z.infer<typeof ProbeDefSchema>;
/** A probe definition as a user writes it: defaults optional. */
export type ProbeDefInput = z.input<typeof ProbeDefSchema>;

/**
 * Where each phase of one request went, in ms. Phases, not running totals, so they stack:
 * dns + connect + tls + ttfb + download = total. A phase the request never reached is null;
 * `dnsMs` is 0 for an IP-literal host; `tlsMs` is null for http.
 */
export const ProbeTimingsSchema = z.object({
  dnsMs: z.number().nullable(),
  connectMs: z.number().nullable(),
  tlsMs: z.number().nullable(),
  /** From the request being sent to the response headers arriving: the server's wait. */
  ttfbMs: z.number().nullable(),
  downloadMs: z.number().nullable(),
  /** From start to the last body byte, or to the failure. */
  totalMs: z.number(),
});
export type ProbeTimings = z.infer<typeof ProbeTimingsSchema>;

export const ProbeCertSchema = z.object({
  /** Common name of the subject, e.g. "example.com". */
  subject: z.string(),
  /** "CN (O)" of the issuer, e.g. "R11 (Let's Encrypt)". */
  issuer: z.string(),
  validFrom: z.number(),
  validTo: z.number(),
  /** Days from the run to `validTo`, fractional; negative once expired. */
  daysLeft: z.number(),
  /** Whether the chain and name verified against the trusted CAs. */
  trusted: z.boolean(),
});
export type ProbeCert = z.infer<typeof ProbeCertSchema>;

/** Why a run could not complete, for callers that branch on it; `error` has the words. */
export const ProbeErrorKindSchema = z.enum([
  'timeout',
  'refused',
  'dns',
  'tls',
  'reset',
  'protocol',
  'other',
]);
export type ProbeErrorKind = z.infer<typeof ProbeErrorKindSchema>;

/** One run of a probe. */
export const ProbeResultSchema = z.object({
  probeId: z.string(),
  ts: z.number(),
  /** Null when run from this machine; the fleet host's id when run there over SSH (curl). */
  fromHostId: z.string().nullable().default(null),
  /** No transport error and no expectation failure. */
  ok: z.boolean(),
  status: z.number().int().nullable(),
  /** The transport error in words ("connection refused by 127.0.0.1:9: ..."), or null. */
  error: z.string().nullable(),
  errorKind: ProbeErrorKindSchema.nullable(),
  /** Each unmet expectation in words ("status 404, expected 200–399"); includes an untrusted certificate. */
  failures: z.array(z.string()),
  timings: ProbeTimingsSchema,
  remoteAddress: z.string().nullable(),
  /** Body bytes as transferred (compressed, if it was). */
  bytes: z.number().int().min(0),
  /** Body bytes after decoding content-encoding. */
  decodedBytes: z.number().int().min(0),
  /** The body was longer than the read cap; sizes count what was read. */
  truncated: z.boolean(),
  contentType: z.string().nullable(),
  contentEncoding: z.string().nullable(),
  cacheControl: z.string().nullable(),
  expires: z.string().nullable(),
  hasEtag: z.boolean(),
  hasLastModified: z.boolean(),
  cert: ProbeCertSchema.nullable(),
});
export type ProbeResult = z.infer<typeof ProbeResultSchema>;

export const AdviceSeveritySchema = z.enum(['info', 'warn']);

/** One piece of front-end advice about a response, e.g. compression or caching. */
export const ProbeAdviceSchema = z.object({
  /** Stable id per kind of advice: `compression`, `cache-missing`, `cache-disabled`, `large-response`. */
  id: z.string(),
  severity: AdviceSeveritySchema,
  message: z.string(),
});
export type ProbeAdvice = z.infer<typeof ProbeAdviceSchema>;

/** A probe's colour over its SLO window, with the reason for anything not green in words. */
export const ProbeHealthSchema = z.object({
  state: HealthStateSchema,
  reasons: z.array(z.string()),
  /** The SLO percentile of total time over the window, or null with no completed request. */
  latencyMs: z.number().nullable(),
  /** Completed requests the percentile was taken over. */
  samples: z.number().int(),
  certDaysLeft: z.number().nullable(),
  /**
   * The verdict is (partly) the certificate's: it expires soon, or the last run failed TLS.
   * An incident declared from it is a certificate incident. Absent in older stored states.
   */
  certProblem: z.boolean().optional(),
});
export type ProbeHealth = z.infer<typeof ProbeHealthSchema>;

/** A new probe as the user enters it: everything but the id (made from the name). */
export const ProbeInputSchema = ProbeDefSchema.omit({ id: true }).strict();
export type ProbeInput = z.input<typeof ProbeInputSchema>;

/** A probe as the board shows it: its definition, health, last runs and advice. */
export const ProbeStatusSchema = z.object({
  def: ProbeDefSchema,
  health: ProbeHealthSchema.extend({
    /** When the probe entered its current state. */
    since: z.number(),
  }),
  /** The last run from this machine. */
  last: ProbeResultSchema.nullable(),
  /** The last run from `def.fromHostId` over SSH, when the probe has one. */
  lastRemote: ProbeResultSchema.nullable(),
  /** Front-end advice about the last successful response from this machine. */
  advice: z.array(ProbeAdviceSchema),
  /** Total times of the last runs from this machine for a sparkline, oldest first (null: failed). */
  recentMs: z.array(z.number().nullable()),
});
export type ProbeStatus = z.infer<typeof ProbeStatusSchema>;

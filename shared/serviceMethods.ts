import { z } from 'zod';
import { ServiceIdSchema, ServiceInputSchema, ServiceStateSchema, ServiceSuggestionSchema } from './services';
import { FROM_NOT_AFTER_TO, HostNameSchema, RANGE_FIELDS, RangeResultSchema } from './schemas';
import { safeString } from './safeText';

const ServiceIdInput = z.object({ serviceId: ServiceIdSchema }).strict();
const Ts = z.number().int().min(0).max(8.64e15);
/** A query id as the database gives it (a signed 64-bit integer or a digest): digits, letters, "-". */
const QueryIdSchema = safeString()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9-]+$/, 'a query id: letters, digits and "-"');

/** One statement over a range: sums, mean, and its text when known. */
export const QueryTotalsSchema = z.object({
  queryId: z.string(),
  calls: z.number(),
  totalMs: z.number(),
  meanMs: z.number().nullable(),
  rows: z.number(),
  blocks: z.number(),
  text: z.string().nullable(),
});
export type QueryTotalsView = z.infer<typeof QueryTotalsSchema>;

/** A statement in two ranges side by side: the "20 % faster after the index" question. */
export const QueryCompareRowSchema = z.object({
  queryId: z.string(),
  text: z.string().nullable(),
  before: QueryTotalsSchema.nullable(),
  after: QueryTotalsSchema.nullable(),
  /** Change in percent from before to after; null where either side has no calls. */
  meanChangePct: z.number().nullable(),
  callsChangePct: z.number().nullable(),
  rowsChangePct: z.number().nullable(),
});
export type QueryCompareRow = z.infer<typeof QueryCompareRowSchema>;

const RangeSchema = z
  .object({ fromTs: Ts, toTs: Ts })
  .strict()
  .refine((r) => r.fromTs <= r.toTs, { message: 'fromTs must not be after toTs', path: ['toTs'] });

/**
 * The databases-and-caches part of the API contract; `contract.ts` merges it into `methods`
 * and `events`. Adding, removing and polling reach a server, so they are live-only; a reviewed
 * history still lists its services and their top statements.
 */
export const serviceMethods = {
  /** Every service, with its state and last reading. */
  'services:list': {
    input: z.object({ hostId: HostNameSchema.optional() }).strict(),
    output: z.array(ServiceStateSchema),
  },
  /** Adds a service to a host (defaults per kind), polls it once, and returns its state. */
  'services:add': { liveOnly: true, input: ServiceInputSchema, output: ServiceStateSchema },
  'services:remove': {
    liveOnly: true,
    input: ServiceIdInput,
    output: z.object({ removed: z.string() }),
  },
  /**
   * Polls a service now, outside its schedule. With `windowMs`, a service with no reading to
   * compare against (the CLI's, each command a new process) is read twice that far apart, so
   * its rates and top statements have an interval.
   */
  'services:poll': {
    liveOnly: true,
    input: z
      .object({ serviceId: ServiceIdSchema, windowMs: z.number().int().min(100).max(60_000).optional() })
      .strict(),
    output: ServiceStateSchema,
  },
  /**
   * Keeps a tunnel service's database password like the other secrets (the OS keychain on the
   * desktop, memory for this run headless): never in the config, SQLite, logs or exports, never
   * shown again. The service is polled again with it.
   */
  'services:secret': {
    liveOnly: true,
    input: z
      .object({
        serviceId: ServiceIdSchema,
        secret: z.string().min(1, 'enter the password').max(1024, 'at most 1,024 characters'),
      })
      .strict(),
    output: z.object({ serviceId: z.string(), stored: z.literal(true) }),
  },
  /** Services a host seems to run (listening ports, process names) and that are not added yet. */
  'services:suggest': {
    liveOnly: true,
    input: z.object({ hostId: HostNameSchema }).strict(),
    output: z.array(ServiceSuggestionSchema),
  },
  /** Top statements over a range by total time; with `compare`, each beside the other range. */
  'services:topQueries': {
    input: z
      .object({
        serviceId: ServiceIdSchema,
        range: RangeSchema,
        compare: RangeSchema.optional(),
        limit: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    output: z.object({
      rows: z.array(QueryCompareRowSchema),
      /** Set when the service keeps no statement statistics, saying how to turn them on. */
      note: z.string().nullable(),
    }),
  },
  /** A service's stored metrics over time, as metrics:range gives a host's (charts on the shared range picker). */
  'services:range': {
    input: z
      .object({ serviceId: ServiceIdSchema, ...RANGE_FIELDS })
      .strict()
      .refine(...FROM_NOT_AFTER_TO),
    output: RangeResultSchema,
  },
  /** One statement's text (fetched once, when it first reached the top list) and its sparkline. */
  'services:query': {
    input: z.object({ serviceId: ServiceIdSchema, queryId: QueryIdSchema, range: RangeSchema }).strict(),
    output: z.object({
      text: z.string().nullable(),
      points: z.array(z.object({ ts: z.number(), calls: z.number(), meanMs: z.number().nullable() })),
    }),
  },
} as const;

export const serviceEvents = {
  /** A service was added, removed, or polled: its new state (null when removed). */
  'services:changed': z.object({ serviceId: z.string(), state: ServiceStateSchema.nullable() }),
} as const;

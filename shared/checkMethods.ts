import { z } from 'zod';
import { LoadProgressSchema, LoadRunSchema, LoadTargetInputSchema, LoadTargetSchema } from './loadTests';
import { ProbeDefSchema, ProbeInputSchema, ProbeResultSchema, ProbeStatusSchema } from './probes';
import { safeString } from './safeText';

const ItemId = safeString().min(1).max(64);
const ProbeIdInput = z.object({ probeId: ItemId }).strict();

/**
 * The checks part of the API contract (HTTP probes and load tests); `contract.ts` merges it
 * into `methods` and `events`. Same rules: zod input and output, `liveOnly` for anything that
 * changes the history or reaches a server.
 */
export const checkMethods = {
  /** Every probe with its health and last runs, worst first. */
  'probes:list': { input: z.object({}).strict(), output: z.array(ProbeStatusSchema) },
  /** Saves a new probe (id made from its name) and runs it at once, then every `intervalMs`. */
  'probes:add': { liveOnly: true, input: ProbeInputSchema, output: ProbeStatusSchema },
  /** Replaces a probe's definition; its kept results stay. */
  'probes:update': { liveOnly: true, input: ProbeDefSchema.strict(), output: ProbeStatusSchema },
  /** Removes a probe and its kept results. */
  'probes:remove': { liveOnly: true, input: ProbeIdInput, output: z.object({ removed: z.string() }) },
  /** Runs a probe now, outside its schedule. */
  'probes:run': { liveOnly: true, input: ProbeIdInput, output: ProbeStatusSchema },
  /** A probe's kept results in a time range, oldest first (both the laptop's and the fleet host's). */
  'probes:results': {
    input: z
      .object({
        probeId: ItemId,
        from: z.number().optional(),
        to: z.number().optional(),
        limit: z.number().int().min(1).max(10_000).default(1000),
      })
      .strict(),
    output: z.array(ProbeResultSchema),
  },
  /** The saved load-test targets. */
  'loadtests:targets': { input: z.object({}).strict(), output: z.array(LoadTargetSchema) },
  /** Saves (adds, or with an id replaces) a target; the spec's caps apply. */
  'loadtests:saveTarget': { liveOnly: true, input: LoadTargetInputSchema, output: LoadTargetSchema },
  'loadtests:removeTarget': {
    liveOnly: true,
    input: z.object({ targetId: ItemId }).strict(),
    output: z.object({ removed: z.string() }),
  },
  /**
   * Starts a run of a saved target. `confirmed` must be true: the caller has asked the user.
   * Returns at once with the running run; progress comes as `loadtests:progress` events and the
   * end as `loadtests:changed`. One run at a time.
   */
  'loadtests:start': {
    liveOnly: true,
    input: z
      .object({
        targetId: ItemId,
        confirmed: z.literal(true, { error: 'confirm the load test first: it sends real traffic' }),
      })
      .strict(),
    output: LoadRunSchema,
  },
  /** Stops a running run; it is kept with the numbers up to then, marked cancelled. */
  'loadtests:cancel': {
    liveOnly: true,
    input: z.object({ runId: z.number().int() }).strict(),
    output: LoadRunSchema,
  },
  /** A target's kept runs, newest first, each compared with the target's baseline. */
  'loadtests:runs': {
    input: z.object({ targetId: ItemId, limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(LoadRunSchema),
  },
  /** Makes a finished run its target's baseline (the one every later run is compared with). */
  'loadtests:setBaseline': {
    liveOnly: true,
    input: z.object({ runId: z.number().int() }).strict(),
    output: LoadRunSchema,
  },
} as const;

/** Events of the checks. */
export const checkEvents = {
  /** A probe ran, changed or was removed (then `status` is null). */
  'probes:changed': z.object({
    probeId: z.string(),
    removed: z.boolean(),
    status: ProbeStatusSchema.nullable(),
  }),
  'loadtests:progress': LoadProgressSchema,
  /** A run started, ended, was cancelled, or became the baseline. */
  'loadtests:changed': LoadRunSchema,
} as const;

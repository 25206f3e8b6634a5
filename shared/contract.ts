import { z } from 'zod';
import {
  AlertEntrySchema,
  DeliverySchema,
  HostNotificationSchema,
  MaintenanceWindowSchema,
  SignalStateSchema,
  SignalStatusSchema,
  SilenceSchema,
} from './alerts';
import { DEFAULT_SSH_INTERVAL_MS } from './hosts';
import { AuditConfigSchema, AuditReportSchema } from './audit';
import { BoardTrendsInputSchema, BoardTrendsSchema } from './trends';
import { BoardAtInputSchema, PastBoardSchema } from './timeTravel';
import { checkEvents, checkMethods } from './checkMethods';
import { incidentEvents, incidentMethods } from './incidentMethods';
import { serviceEvents, serviceMethods } from './serviceMethods';
import { groupEvents, groupMethods } from './groups';
import { capacityReportMethods } from './capacityReport';
import { backtestMethods } from './backtest';
import { forecastMethods } from './forecasts';
import type { EventName, MethodName } from './channels';
import {
  AppInfoSchema,
  BoardEntrySchema,
  DiagCheckSchema,
  DiagResultSchema,
  RemoteCommandSchema,
  HealthSchema,
  HostNameSchema,
  HostSchema,
  LinkSchema,
  ProcessInfoSchema,
  SampleSchema,
  FROM_NOT_AFTER_TO,
  RANGE_FIELDS,
  RangeResultSchema,
  SavedCommandSchema,
  SettingsSchema,
  SshTargetSchema,
  type ApiError,
  type ApiIssue,
} from './schemas';
import { freeText, intervalMs, safeString } from './safeText';

/** A host id as a caller names it; ids become file names (CSV export), so no control characters. */
export const HostIdSchema = safeString().min(1).max(300);
const HostIdInput = z.object({ hostId: HostIdSchema }).strict();

/** A host as the user enters it: name, SSH target, tags, interval. */
export const HostInputSchema = z
  .object({
    name: HostNameSchema,
    ssh: SshTargetSchema,
    tags: z.array(safeString().min(1).max(40)).max(20).default([]),
    intervalMs: intervalMs(1000).default(DEFAULT_SSH_INTERVAL_MS),
  })
  .strict();
export type HostInput = z.input<typeof HostInputSchema>;

/** What `history:export` wrote: a history file, or a folder of CSVs (one per host). */
export const HistoryExportSchema = z.object({
  format: z.enum(['sqlite', 'csv']),
  /** The file (sqlite) or folder (csv) to hand over. */
  path: z.string(),
  /** Every file written: the history file, or each CSV. */
  files: z.array(z.string()),
  /** Host ids in the export. */
  hosts: z.array(z.string()),
  /** Each exported host's name, in the order of `hosts` (a host without a stored name keeps its id). */
  hostNames: z.array(z.string()),
  /**
   * Each written file as a name relative to the exports folder (`/`-separated), which
   * `GET /api/download/<name>` of `greenboard serve` hands to a browser.
   */
  downloads: z.array(z.object({ name: z.string(), bytes: z.number().int() })),
  /** Stored values (points) in the export. */
  values: z.number().int(),
  fromTs: z.number().nullable(),
  toTs: z.number().nullable(),
  bytes: z.number().int(),
});
export type HistoryExport = z.infer<typeof HistoryExportSchema>;

/**
 * The API contract: every method the engine offers, with its input and output schema.
 * Both transports (Electron IPC and HTTP/WebSocket) validate input with these schemas.
 * `liveOnly`: the method changes the history or reaches a live host, so a saved history under
 * review refuses it.
 */
export const methods = {
  'app:info': { input: z.object({}).strict(), output: AppInfoSchema },
  'board:get': { input: z.object({}).strict(), output: z.array(BoardEntrySchema) },
  /**
   * Connects to the named hosts, takes a baseline, polls them once `windowMs` later (rates are
   * over that window; a second unless said) and returns their board entries (what `greenboard
   * poll` and `status` print). Unknown names fail first.
   */
  'hosts:poll': {
    liveOnly: true,
    input: z
      .object({
        hostIds: z.array(HostIdSchema).min(1).max(100),
        windowMs: z.number().int().min(100).max(60_000).optional(),
      })
      .strict(),
    output: z.array(BoardEntrySchema),
  },
  /** The board as it was at a past moment (time travel). */
  'board:at': { input: BoardAtInputSchema, output: PastBoardSchema },
  /**
   * Each host's CPU and memory over its sparkline window (`samples` polls), read from stored
   * history in one call, so the board draws trends on first paint rather than after minutes.
   */
  'board:trends': { input: BoardTrendsInputSchema, output: BoardTrendsSchema },
  'hosts:list': { input: z.object({}).strict(), output: z.array(HostSchema) },
  'hosts:add': { liveOnly: true, input: HostInputSchema, output: HostSchema },
  'hosts:update': { liveOnly: true, input: HostInputSchema, output: HostSchema },
  'hosts:remove': { liveOnly: true, input: HostIdInput, output: z.object({ removed: z.string() }) },
  'hosts:trust': {
    liveOnly: true,
    input: z
      .object({
        hostId: HostIdSchema,
        fingerprint: z
          .string()
          .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'expected an OpenSSH fingerprint like SHA256:…'),
      })
      .strict(),
    output: LinkSchema,
  },
  'hosts:credentials': {
    liveOnly: true,
    input: z
      .object({
        hostId: HostIdSchema,
        passphrase: z.string().max(1024).optional(),
        password: z.string().max(1024).optional(),
      })
      .strict(),
    output: LinkSchema,
  },
  'hosts:import': {
    liveOnly: true,
    input: z
      .object({ text: freeText().max(1_000_000), names: z.array(safeString().max(300)).max(1000).optional() })
      .strict(),
    output: z.object({
      added: z.array(z.string()),
      /** Entries left alone on purpose (already on the board). */
      skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
      /** Entries that do not validate as hosts:add would have them, each with the field and why. */
      refused: z.array(z.object({ name: z.string(), reason: z.string() })),
    }),
  },
  'diag:checks': { input: HostIdInput, output: z.array(DiagCheckSchema) },
  'diag:run': {
    liveOnly: true,
    input: z
      .object({
        hostId: HostIdSchema,
        check: safeString().min(1).max(200),
        path: safeString().min(1).max(4096).optional(),
        /** Required (true) for saved commands. */
        confirmed: z.boolean().default(false),
      })
      .strict(),
    output: DiagResultSchema,
  },
  'diag:save': {
    liveOnly: true,
    input: SavedCommandSchema,
    output: DiagCheckSchema,
  },
  'diag:delete': {
    liveOnly: true,
    input: z.object({ name: safeString().min(1).max(200) }).strict(),
    output: z.object({ deleted: z.string() }),
  },
  'diag:history': {
    input: z.object({ hostId: HostIdSchema, limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    output: z.array(RemoteCommandSchema),
  },
  'metrics:latest': { input: HostIdInput, output: SampleSchema.nullable() },
  'metrics:range': {
    input: z
      .object({ hostId: HostIdSchema, ...RANGE_FIELDS })
      .strict()
      .refine(...FROM_NOT_AFTER_TO),
    output: RangeResultSchema,
  },
  'processes:top': {
    liveOnly: true,
    input: z
      .object({
        hostId: HostIdSchema,
        by: z.enum(['cpu', 'memory']).default('cpu'),
        limit: z.number().int().min(1).max(100).default(10),
      })
      .strict(),
    output: z.array(ProcessInfoSchema),
  },
  'settings:get': { input: z.object({}).strict(), output: SettingsSchema },
  'settings:set': { liveOnly: true, input: SettingsSchema.partial().strict(), output: SettingsSchema },
  /** Keeps a Prometheus source's token or password like SSH secrets (never in greenboard.json). */
  'datasources:secret': {
    liveOnly: true,
    input: z
      .object({
        sourceId: safeString().min(1).max(64),
        // Sent in an Authorization header: a line break there would start a header of its own.
        secret: safeString().min(1, 'enter the token or password').max(4096),
      })
      .strict(),
    output: z.object({ sourceId: z.string(), stored: z.literal(true) }),
  },
  /**
   * Writes the stored history (or a slice of it) into `exports/` under the data folder, with a
   * timestamped name. Only reads the store, so it works on a reviewed history too.
   */
  'history:export': {
    input: z
      .object({
        format: z.enum(['sqlite', 'csv']).default('sqlite'),
        from: z.number().int().optional(),
        to: z.number().int().optional(),
        /** Host ids to keep; omitted or empty for every host. */
        hostIds: z.array(HostIdSchema).max(1000).optional(),
      })
      .strict()
      .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, {
        message: '"from" must not be after "to"',
        path: ['from'],
      }),
    output: HistoryExportSchema,
  },
  /** The alert log, newest first: every state change of every signal, of each host and each probe. */
  'alerts:list': {
    input: z
      .object({
        hostId: HostIdSchema.optional(),
        /** One probe's rows. */
        probeId: safeString().min(1).max(64).optional(),
        /** Words that must all appear in the host or probe name, signal or reason (case-insensitive). */
        q: safeString('tab').max(200).optional(),
        /** Only changes into these states. */
        to: z.array(SignalStateSchema).max(4).optional(),
        /** Hosts' own rows (what notifications are about), probes' rows, or hosts' signal rows. */
        scope: z.enum(['all', 'host', 'probes', 'signals']).default('all'),
        from: z.number().optional(),
        until: z.number().optional(),
        /** Paging: entries older than this id. */
        beforeId: z.number().int().optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: z.object({ entries: z.array(AlertEntrySchema), more: z.boolean() }),
  },
  /** A host's signals, worst first, with each one's state and why. */
  'alerts:signals': { input: HostIdInput, output: z.array(SignalStatusSchema) },
  'silences:list': {
    input: z.object({}).strict(),
    output: z.object({ silences: z.array(SilenceSchema), windows: z.array(MaintenanceWindowSchema) }),
  },
  /** Mutes notifications for a host, a tag, a signal or a probe for `minutes`; changes are still logged. */
  'silences:add': {
    liveOnly: true,
    input: z
      .object({
        target: SilenceSchema.shape.target,
        minutes: z
          .number()
          .min(1)
          .max(60 * 24 * 30),
        by: SilenceSchema.shape.by,
        why: SilenceSchema.shape.why,
      })
      .strict(),
    output: SilenceSchema,
  },
  /** Ends a silence or a maintenance window now. */
  'silences:remove': {
    liveOnly: true,
    input: z.object({ id: safeString().min(1).max(200) }).strict(),
    output: z.object({ removed: z.string() }),
  },
  'maintenance:add': {
    liveOnly: true,
    input: z
      .object({
        target: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('host'), hostId: HostIdSchema }).strict(),
          z.object({ kind: z.literal('tag'), tag: safeString().min(1).max(40) }).strict(),
          z.object({ kind: z.literal('probe'), probeId: safeString().min(1).max(64) }).strict(),
        ]),
        from: z.number(),
        to: z.number(),
        daily: z.boolean().default(false),
        by: safeString().min(1, 'say who planned the window').max(200),
        why: freeText().min(1, 'say what the work is').max(4000),
      })
      .strict(),
    output: MaintenanceWindowSchema,
  },
  'maintenance:remove': {
    liveOnly: true,
    input: z.object({ id: safeString().min(1).max(200) }).strict(),
    output: z.object({ removed: z.string() }),
  },
  /** The webhook's delivery log, newest first. */
  'webhook:deliveries': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    output: z.array(DeliverySchema),
  },
  /** Queues a test message to the configured webhook. */
  'webhook:test': { liveOnly: true, input: z.object({}).strict(), output: DeliverySchema },
  /** Runs the security audit on the host now (one script, a few seconds), keeps and returns it. */
  'audit:run': {
    liveOnly: true,
    // `config` is what a check file may set (a port allowlist, a threshold); the app sends none.
    input: HostIdInput.extend({ config: AuditConfigSchema.optional() }).strict(),
    output: AuditReportSchema,
  },
  /** The host's most recent kept audit, or null if it was never audited. */
  'audit:latest': { input: HostIdInput, output: AuditReportSchema.nullable() },
  /** The host's last `limit` audit scores, oldest first. */
  'audit:history': {
    input: z.object({ hostId: HostIdSchema, limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    output: z.array(z.object({ ts: z.number(), score: z.number() })),
  },
  ...checkMethods,
  ...incidentMethods,
  ...serviceMethods,
  ...groupMethods,
  ...capacityReportMethods,
  ...backtestMethods,
  ...forecastMethods,
} as const satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType; liveOnly?: true }>;

/** Events the engine pushes to every connected UI. */
export const events = {
  'metrics:sample': SampleSchema,
  'health:changed': HealthSchema,
  /** The host list or a host's link changed: reload the board entry. */
  'hosts:changed': z.object({ hostId: z.string(), removed: z.boolean() }),
  /** A new alert log row. */
  'alerts:changed': AlertEntrySchema,
  /** Show a notification: a host turned red or recovered (already silenced and rate limited). */
  'notify:host': HostNotificationSchema,
  ...checkEvents,
  ...incidentEvents,
  ...serviceEvents,
  ...groupEvents,
} as const satisfies Record<EventName, z.ZodType>;

export type Methods = typeof methods;
/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives, after parsing and defaults. */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiError };

/** The engine's side of the contract: one handler per method. */
export type ApiHandlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> };

/** The caller's side, identical over IPC and WebSocket. */
export type GreenboardApi = {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Formats a zod error as one line a person can act on: `limit: Too big: expected <=100`. */
export function describeZodError(error: z.ZodError): string {
  return describeIssues(zodIssues(error));
}

/** The same issues as one line: `path.to.field: message`, joined by "; ". */
export function describeIssues(issues: readonly ApiIssue[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/**
 * A zod error's issues in the envelope's shape (`ApiIssue`), under `prefix` when
 * the object checked sits below the call's input (the rules inside settings:set).
 */
export function zodIssues(error: z.ZodError, prefix: readonly (string | number)[] = []): ApiIssue[] {
  return error.issues.map((issue) => ({
    // zod allows symbol keys; no schema of ours has one, so String() is only for type safety.
    path: [...prefix, ...issue.path.map((k) => (typeof k === 'number' ? k : String(k)))],
    message: issue.message,
  }));
}

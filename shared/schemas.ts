import { z } from 'zod';
import { DEFAULT_LOCAL_INTERVAL_MS } from './hosts';
import { DEFAULT_NOTIFY_SETTINGS, NotifySettingsSchema, RulesConfigSchema } from './alerts';
import { MetricsExportSchema, PrometheusSourcesSchema } from './prometheus';
import { intervalMs, safeString } from './safeText';

/** Health states, worst last. `waiting` = no sample yet; `grey` = data stopped arriving. */
export const HealthStateSchema = z.enum(['waiting', 'green', 'amber', 'red', 'grey']);
export type HealthState = z.infer<typeof HealthStateSchema>;

/** `prometheus`: a node_exporter target read from a Prometheus data source (nothing polled here). */
export const HostKindSchema = z.enum(['local', 'ssh', 'prometheus']);

/** Host names double as ids: short, unique, safe in URLs and on the command line. */
export const HostNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    'use letters, digits, ".", "_" or "-" (up to 63), starting with a letter or digit',
  );

export const SshEndpointSchema = z.object({
  user: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*$/, 'not a valid user name'),
  host: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.:_[\]-]+$/, 'not a valid host name or address'),
  port: z.number().int().min(1).max(65535),
  /** A key file on this machine; it is opened as a path, so no control characters. */
  identityFile: safeString().min(1).max(4096).optional(),
});
export type SshEndpointInfo = z.infer<typeof SshEndpointSchema>;

export const SshTargetSchema = SshEndpointSchema.extend({ jump: SshEndpointSchema.optional() });
export type SshTargetInfo = z.infer<typeof SshTargetSchema>;

export const HostSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: HostKindSchema,
  // Stored hosts are parsed with this too: a crafted interval above a day is refused, not polled in a loop.
  intervalMs: intervalMs(1),
  tags: z.array(z.string()),
  ssh: SshTargetSchema.optional(),
  /** For `prometheus` hosts: the data source (settings `prometheus[].id`) and the target. */
  prometheus: z.object({ sourceId: z.string(), instance: z.string(), job: z.string() }).optional(),
});
export type Host = z.infer<typeof HostSchema>;

/** Link states of a remote host; `ok` for a local one. */
export const LinkStateSchema = z.enum([
  'connecting',
  'ok',
  'unreachable',
  'auth_failed',
  'hostkey_unknown',
  'hostkey_changed',
  'unsupported_os',
  'timed_out',
  'bad_output',
]);
export type LinkStateName = z.infer<typeof LinkStateSchema>;

export const LinkSchema = z.object({
  state: LinkStateSchema,
  message: z.string(),
  since: z.number(),
  /** The host key the server presented and we do not trust yet (or no longer trust). */
  pendingKey: z.object({ keyType: z.string(), fingerprint: z.string(), endpoint: z.string() }).nullable(),
  connectMs: z.number().nullable(),
  pollMs: z.number().nullable(),
  /** While the engine reconnects on its own: the earliest time (ms) of its next attempt. */
  nextAttemptAt: z.number().nullable().optional(),
  /**
   * What the user can give to get past `auth_failed`: the passphrase of an encrypted key file.
   * Said here so no reader has to find it in the message's words.
   */
  needs: z.enum(['passphrase']).nullable().optional(),
});
export type Link = z.infer<typeof LinkSchema>;

export const DiskUsageSchema = z.object({
  mount: z.string(),
  fs: z.string(),
  totalBytes: z.number(),
  usedBytes: z.number(),
  usedPct: z.number(),
  /**
   * Inodes used, in percent; null where the filesystem has no inode limit (btrfs and vfat
   * report 0 inodes) or the host's df cannot count them. Absent in samples stored before it.
   */
  inodesUsedPct: z.number().nullable().optional(),
});
export type DiskUsage = z.infer<typeof DiskUsageSchema>;

export const NetRateSchema = z.object({
  iface: z.string(),
  rxBps: z.number(),
  txBps: z.number(),
  /** Receive and transmit errors plus drops, per second; absent in samples stored before it. */
  errPs: z.number().nullable().optional(),
});
export type NetRate = z.infer<typeof NetRateSchema>;

/**
 * One poll of one host. Rates (`*Bps`, CPU %) are over the interval since the previous poll
 * and are null on the first poll, when there is nothing to diff against.
 */
export const SampleSchema = z.object({
  hostId: z.string(),
  ts: z.number(),
  pollMs: z.number(),
  cpu: z.object({
    cores: z.number().int(),
    busyPct: z.number().nullable(),
    iowaitPct: z.number().nullable(),
    stealPct: z.number().nullable(),
  }),
  load: z.tuple([z.number(), z.number(), z.number()]).nullable(),
  mem: z.object({ totalBytes: z.number(), usedBytes: z.number(), availableBytes: z.number() }),
  swap: z.object({ totalBytes: z.number(), usedBytes: z.number() }),
  disks: z.array(DiskUsageSchema),
  diskIo: z.object({
    readBps: z.number().nullable(),
    writeBps: z.number().nullable(),
    /**
     * The busiest whole disk's share of the interval spent doing I/O (iostat's %util); absent
     * in samples stored before it.
     */
    busyPct: z.number().nullable().optional(),
  }),
  net: z.array(NetRateSchema),
  uptimeSec: z.number(),
  processCount: z.number().int(),
  /** Remote hosts: TCP connect time of the current connection, in ms. */
  connectMs: z.number().nullable().optional(),
});
export type Sample = z.infer<typeof SampleSchema>;

export const HealthSchema = z.object({
  hostId: z.string(),
  state: HealthStateSchema,
  /** The worst reason first, in words: "memory 93% ≥ 90%". */
  reasons: z.array(z.string()),
  /** When the last sample arrived (ms since epoch), null before the first. */
  lastSampleTs: z.number().nullable(),
  since: z.number(),
});
export type Health = z.infer<typeof HealthSchema>;

export const BoardEntrySchema = z.object({
  host: HostSchema,
  health: HealthSchema,
  latest: SampleSchema.nullable(),
  link: LinkSchema,
});
export type BoardEntry = z.infer<typeof BoardEntrySchema>;

export const ProcessInfoSchema = z.object({
  pid: z.number().int(),
  name: z.string(),
  command: z.string(),
  user: z.string(),
  cpuPct: z.number(),
  memPct: z.number(),
  memRssBytes: z.number(),
});
export type ProcessInfo = z.infer<typeof ProcessInfoSchema>;

/** One chart bucket: start (ms since epoch), mean, min, max. */
export const SeriesPointSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/**
 * What a chart asks for, beside its subject (a host, a service): up to 16 series over [from, to]
 * in at most `maxPoints` buckets. One shape, so every chart asks alike; refine with FROM_NOT_AFTER_TO.
 */
export const RANGE_FIELDS = {
  series: z
    .array(
      z.object({ metric: safeString().min(1).max(200), labels: safeString().max(1000).default('') }).strict(),
    )
    .min(1)
    .max(16),
  from: z.number(),
  to: z.number(),
  maxPoints: z.number().int().min(2).max(10_000).default(500),
};
export const FROM_NOT_AFTER_TO: [
  (v: { from: number; to: number }) => boolean,
  { message: string; path: string[] },
] = [(v) => v.from <= v.to, { message: '"from" must not be after "to"', path: ['from'] }];

/** Series over a range, bucketed; `tier` says which stored resolution answered. */
export const RangeResultSchema = z.object({
  tier: z.enum(['raw', '1m', '15m', '1h']),
  bucketMs: z.number(),
  series: z.array(z.array(SeriesPointSchema)),
});

export const AppInfoSchema = z.object({
  name: z.literal('Greenboard'),
  version: z.string(),
  mode: z.enum(['desktop', 'headless']),
  dataDir: z.string(),
  dbPath: z.string(),
  /** The Greenboard log (JSON lines; `greenboard logs` prints it), or null when not written to a file. */
  logFile: z.string().nullable(),
  platform: z.string(),
  hostname: z.string(),
  /** Set when a saved history is open for review (read-only, no polling). */
  history: z
    .object({ file: z.string(), fromTs: z.number().nullable(), toTs: z.number().nullable() })
    .nullable(),
  /** First and last stored sample, for the time scrubber. */
  dataRange: z.object({ fromTs: z.number(), toTs: z.number() }).nullable(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const days = (tier: string) =>
  z
    .number()
    .min(1 / 24, `${tier} must be kept at least 1 hour (1/24 day)`)
    .max(3650, `${tier} can be kept at most 3650 days`);

/** How long each stored tier is kept, in days (fractions allowed). */
/** Each tier's days, unrefined (the config file may give only some of them). */
export const RETENTION_TIERS = { raw: days('raw'), '1m': days('1m'), '15m': days('15m'), '1h': days('1h') };

export const RetentionSchema = z
  .object(RETENTION_TIERS)
  .strict()
  .refine((r) => r.raw <= r['1m'] && r['1m'] <= r['15m'] && r['15m'] <= r['1h'], {
    message: 'each coarser tier must be kept at least as long as the finer one (raw ≤ 1m ≤ 15m ≤ 1h)',
  });
export type Retention = z.infer<typeof RetentionSchema>;

export const SettingsSchema = z.object({
  localIntervalMs: z.number().int().min(250).max(3_600_000),
  retentionDays: RetentionSchema,
  /** Alert rules: adjustments to the built-in defaults, per tag and per host. */
  rules: RulesConfigSchema,
  notify: NotifySettingsSchema,
  /** Prometheus servers whose node_exporter targets show as hosts. */
  prometheus: PrometheusSourcesSchema,
  /** Greenboard's own /metrics for a Prometheus to scrape. */
  metrics: MetricsExportSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Defaults: 50 hosts × 30 values every 5 s for 90 days come to about 0.6 GiB (npm run bench). */
export const DEFAULT_SETTINGS: Settings = {
  localIntervalMs: DEFAULT_LOCAL_INTERVAL_MS,
  retentionDays: { raw: 2, '1m': 14, '15m': 90, '1h': 730 },
  rules: { defaults: {}, tags: {}, hosts: {} },
  notify: DEFAULT_NOTIFY_SETTINGS,
  prometheus: [],
  metrics: { scrapeToken: null },
};

/** The one error shape both transports return. Codes are stable; messages say what to do. */
export const ErrorCodeSchema = z.enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'unknown_method',
  'conflict',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
/**
 * One thing wrong with a call's input. `path` is the list of segments from the input's root to
 * the field (object keys as strings, array indexes as numbers: `['rules', 'hosts', 'db-1.lan',
 * 'cpu', 'warn']`, `['templates', 2, 'steps', 0, 'text']`), as zod reports it; `[]` means the
 * input as a whole. Segments, not a dotted string, because a key may hold a dot (a host name).
 */
export const ApiIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type ApiIssue = z.infer<typeof ApiIssueSchema>;
/**
 * `message` is the human summary (every issue on one line, for the CLI and the log); `issues`
 * comes with a validation failure (`bad_request`) so a form can put each beside its field.
 */
export const ApiErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  issues: z.array(ApiIssueSchema).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** A read-only remote diagnostic (or a saved command of the user's). */
export const DiagCheckSchema = z.object({
  id: z.string(),
  /**
   * Set when a stored saved command no longer validates (an older version, a hand-edited file):
   * why, and what to do. It cannot run; delete it and save it again.
   */
  disabled: z.string().optional(),
  title: z.string(),
  description: z.string(),
  /** The check takes a path (e.g. "largest directories under …"). */
  takesPath: z.boolean(),
  /** Saved commands of the user's: running one needs an explicit confirmation. */
  custom: z.boolean(),
  /** The command line as it will run, for the user to read before confirming. */
  command: z.string(),
});
export type DiagCheck = z.infer<typeof DiagCheckSchema>;

/** A saved command of the user's, as `diag:save` takes it and as it is stored. */
export const SavedCommandSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and "-" (up to 40)'),
    title: safeString().min(1).max(80),
    // Each argument reaches the remote shell (quoted) or exec: no NUL, no control characters.
    argv: z.array(safeString().max(4096)).min(1).max(64),
  })
  .strict();
export type SavedCommand = z.infer<typeof SavedCommandSchema>;

export const DiagResultSchema = z.object({
  hostId: z.string(),
  check: z.string(),
  command: z.string(),
  startedAt: z.number(),
  durationMs: z.number(),
  exitCode: z.number().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  truncated: z.boolean(),
});
export type DiagResult = z.infer<typeof DiagResultSchema>;

export const RemoteCommandSchema = z.object({
  hostId: z.string(),
  ts: z.number(),
  command: z.string(),
  exitCode: z.number().nullable(),
  durationMs: z.number(),
});

import { z } from 'zod';
import { httpUrl, safeString } from './safeText';

/**
 * Alert rules, the alert log, silences and notifications: what the engine and the UI share.
 * The rule engine itself lives in electron/engine/rules.
 */

/**
 * What a rule can watch: a host's, derived from its sample, and a database's or cache's
 * (SERVICE_SIGNAL_KINDS), derived from its poll.
 */
export const SIGNAL_KINDS = [
  'cpu',
  'iowait',
  'memory',
  'swap',
  'disk',
  'inodes',
  'diskBusy',
  'load',
  'netErrors',
  'pollLatency',
  'dbConnections',
  'replicationLag',
  'cacheMiss',
  'longQuery',
  'evictions',
  'serviceDown',
  'groupCpu',
  'groupMemory',
  'groupLoad',
  'groupSpare',
  'skew',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/**
 * The kinds a service (PostgreSQL, MySQL/MariaDB, Redis) is judged by. A rule raises at or above
 * its level, so a cache hit ratio that is bad when *low* is watched as its miss ratio
 * (100 − hit): "hit ratio under 90 %" is "miss ratio at or above 10 %". `serviceDown` is 1 while
 * polls fail and 0 while they answer.
 */
export const SERVICE_SIGNAL_KINDS = [
  'dbConnections',
  'replicationLag',
  'cacheMiss',
  'longQuery',
  'evictions',
  'serviceDown',
] as const satisfies readonly SignalKind[];

/**
 * The kinds a group (the hosts sharing a tag) is judged by: its members' mean CPU, memory and
 * load per core, how many hosts it could lose and keep its peak under 70 % (`groupSpare`), and
 * the most any member takes over its expected share of the load (`skew`, 2 = twice its share).
 */
export const GROUP_SIGNAL_KINDS = [
  'groupCpu',
  'groupMemory',
  'groupLoad',
  'groupSpare',
  'skew',
] as const satisfies readonly SignalKind[];

/** Kinds measured in percent, whose thresholds cannot sensibly exceed 100. */
export const PERCENT_KINDS: ReadonlySet<SignalKind> = new Set([
  'cpu',
  'iowait',
  'memory',
  'swap',
  'disk',
  'inodes',
  'diskBusy',
  'dbConnections',
  'cacheMiss',
  'groupCpu',
  'groupMemory',
]);

/** How each kind reads in Settings. */
export const SIGNAL_KIND_LABELS: Record<SignalKind, string> = {
  cpu: 'CPU busy %',
  iowait: 'iowait %',
  memory: 'memory used %',
  swap: 'swap used %',
  disk: 'disk used % (each mount)',
  inodes: 'inodes used % (each mount)',
  diskBusy: 'disk busy % (busiest disk)',
  load: 'load (5 min) per core',
  netErrors: 'network errors /s (each interface)',
  pollLatency: 'poll time (ms)',
  dbConnections: 'database connections % of max',
  replicationLag: 'replication lag (s)',
  cacheMiss: 'cache miss % (100 − hit ratio)',
  longQuery: 'longest running query (s)',
  evictions: 'cache evictions /s',
  serviceDown: 'service unreachable (1 while polls fail)',
  groupCpu: 'group: mean CPU busy % of its hosts',
  groupMemory: 'group: mean memory used % of its hosts',
  groupLoad: 'group: mean load (5 min) per core',
  groupSpare: 'group: hosts it could lose, peak under 70 %',
  skew: 'group: a member’s load ÷ its expected share',
};

/**
 * One alert rule. A value at or above `warn` (`critical`) raises the signal; it falls back
 * only once below `clearWarn` (`clearCritical`), so a value wobbling around the trip level
 * does not flap. Both directions must hold for `forMs` first, as Prometheus' `for` does.
 */
export const RuleSchema = z
  .object({
    enabled: z.boolean(),
    warn: z.number().finite().min(0),
    clearWarn: z.number().finite().min(0),
    critical: z.number().finite().min(0),
    clearCritical: z.number().finite().min(0),
    /** How long a condition must hold before the state rises, and its clear before it falls. */
    forMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 3_600_000, 'must be at most a day (86400000 ms)'),
  })
  .strict();
export type Rule = z.infer<typeof RuleSchema>;

/** An override names only the fields it changes; the rest come from the layer below. */
export const RuleOverrideSchema = RuleSchema.partial().strict();
export type RuleOverride = z.infer<typeof RuleOverrideSchema>;

const overrides = {
  cpu: RuleOverrideSchema.optional(),
  iowait: RuleOverrideSchema.optional(),
  memory: RuleOverrideSchema.optional(),
  swap: RuleOverrideSchema.optional(),
  disk: RuleOverrideSchema.optional(),
  inodes: RuleOverrideSchema.optional(),
  diskBusy: RuleOverrideSchema.optional(),
  load: RuleOverrideSchema.optional(),
  netErrors: RuleOverrideSchema.optional(),
  pollLatency: RuleOverrideSchema.optional(),
  dbConnections: RuleOverrideSchema.optional(),
  replicationLag: RuleOverrideSchema.optional(),
  cacheMiss: RuleOverrideSchema.optional(),
  longQuery: RuleOverrideSchema.optional(),
  evictions: RuleOverrideSchema.optional(),
  serviceDown: RuleOverrideSchema.optional(),
  groupCpu: RuleOverrideSchema.optional(),
  groupMemory: RuleOverrideSchema.optional(),
  groupLoad: RuleOverrideSchema.optional(),
  groupSpare: RuleOverrideSchema.optional(),
  skew: RuleOverrideSchema.optional(),
  /** No sample for this many poll intervals turns the host grey. */
  staleAfterIntervals: z.number().int().min(1).max(1000).optional(),
} satisfies Record<SignalKind | 'staleAfterIntervals', z.ZodType>;

/** One layer of overrides: the config's defaults, one tag's, or one host's. */
export const RuleLayerSchema = z.object(overrides).strict();
export type RuleLayer = z.infer<typeof RuleLayerSchema>;

/**
 * The rules config as stored in settings. `defaults` adjusts the built-in {@link DEFAULT_RULES};
 * a tag's layer goes over that and a host's layer over everything (host beats tag beats default).
 */
export const RulesConfigSchema = z
  .object({
    defaults: RuleLayerSchema.default({}),
    tags: z.record(safeString().max(40), RuleLayerSchema).default({}),
    hosts: z.record(safeString().max(300), RuleLayerSchema).default({}),
  })
  .strict();
export type RulesConfig = z.infer<typeof RulesConfigSchema>;

/** The rules one host is judged by, every field filled in. */
export interface RuleSet {
  rules: Record<SignalKind, Rule>;
  staleAfterIntervals: number;
}

const MIN = 60_000;

/**
 * Defaults for a typical Linux server. Trip levels match health.ts's DEFAULT_THRESHOLDS; clear
 * levels sit a few points under them, and `for` is long enough to ride out a cron job or a
 * deploy but short enough that a real problem shows within minutes.
 */
export const DEFAULT_RULES: RuleSet = {
  rules: {
    cpu: { enabled: true, warn: 85, clearWarn: 80, critical: 95, clearCritical: 90, forMs: 2 * MIN },
    iowait: { enabled: true, warn: 20, clearWarn: 15, critical: 40, clearCritical: 30, forMs: 2 * MIN },
    memory: { enabled: true, warn: 90, clearWarn: 85, critical: 95, clearCritical: 92, forMs: 2 * MIN },
    swap: { enabled: true, warn: 50, clearWarn: 40, critical: 80, clearCritical: 70, forMs: 5 * MIN },
    // Disks fill slowly and do not dip back by themselves: a short `for` only skips a blip.
    disk: { enabled: true, warn: 85, clearWarn: 82, critical: 95, clearCritical: 93, forMs: 1 * MIN },
    // Running out of inodes fails writes exactly as a full disk does, so the same levels.
    inodes: { enabled: true, warn: 85, clearWarn: 82, critical: 95, clearCritical: 93, forMs: 1 * MIN },
    // iostat's %util: a disk busy most of every second is saturated, and backups make short
    // bursts normal, so only sustained saturation counts. (An NVMe drive serves requests in
    // parallel and can read 100 % with room to spare: raise this per host or tag there.)
    diskBusy: { enabled: true, warn: 80, clearWarn: 75, critical: 95, clearCritical: 90, forMs: 5 * MIN },
    load: { enabled: true, warn: 1.5, clearWarn: 1.2, critical: 3, clearCritical: 2.5, forMs: 5 * MIN },
    // Errors plus drops, both ways, per second: a healthy link has almost none, and a steady
    // trickle means a bad cable, a duplex mismatch or a full ring buffer. They come in bursts,
    // hence the long `for`.
    netErrors: { enabled: true, warn: 1, clearWarn: 0.5, critical: 10, clearCritical: 5, forMs: 5 * MIN },
    // Poll round trip: for SSH hosts a slow answer is the first sign of a struggling box or link.
    pollLatency: {
      enabled: true,
      warn: 2000,
      clearWarn: 1500,
      critical: 5000,
      clearCritical: 4000,
      forMs: 2 * MIN,
    },
    // A database refuses new clients at max_connections: 80 % leaves time to find the leak.
    dbConnections: {
      enabled: true,
      warn: 80,
      clearWarn: 75,
      critical: 95,
      clearCritical: 90,
      forMs: 2 * MIN,
    },
    // A replica 30 s behind serves stale reads; a short `for` skips one big transaction's replay.
    replicationLag: {
      enabled: true,
      warn: 30,
      clearWarn: 20,
      critical: 300,
      clearCritical: 240,
      forMs: 1 * MIN,
    },
    // Hit ratio under 90 % (80 %): the working set no longer fits. A cold start after a restart
    // misses for a while, hence the long `for`.
    cacheMiss: { enabled: true, warn: 10, clearWarn: 8, critical: 20, clearCritical: 15, forMs: 5 * MIN },
    // The value is already a duration (the longest running query), so no `for` on top of it.
    longQuery: { enabled: true, warn: 300, clearWarn: 240, critical: 1800, clearCritical: 1500, forMs: 0 },
    // Evictions come in bursts when a batch job fills the cache: only sustained ones count.
    evictions: { enabled: true, warn: 1, clearWarn: 0.5, critical: 100, clearCritical: 50, forMs: 5 * MIN },
    // 1 while polls fail: one failed poll (a restart, a blip) is not red; a minute of them is.
    serviceDown: {
      enabled: true,
      warn: 1,
      clearWarn: 0.5,
      critical: 1,
      clearCritical: 0.5,
      forMs: 1 * MIN,
    },
    // A group busy on average for half an hour needs hosts; one host's burst is its own rule's.
    groupCpu: { enabled: true, warn: 80, clearWarn: 75, critical: 90, clearCritical: 85, forMs: 30 * MIN },
    groupMemory: {
      enabled: true,
      warn: 85,
      clearWarn: 80,
      critical: 95,
      clearCritical: 92,
      forMs: 30 * MIN,
    },
    groupLoad: { enabled: true, warn: 1.2, clearWarn: 1, critical: 2, clearCritical: 1.7, forMs: 30 * MIN },
    // The scale-in side: a day with hosts to spare is worth a word (amber), never a page.
    groupSpare: {
      enabled: true,
      warn: 1,
      clearWarn: 0.5,
      critical: 1_000_000,
      clearCritical: 999_999,
      forMs: 24 * 60 * MIN,
    },
    // One member taking 1.5× its share for a quarter of an hour: a sticky session, a weight left
    // over from a deploy, a slow member keeping its connections longer.
    skew: { enabled: true, warn: 1.5, clearWarn: 1.3, critical: 2.5, clearCritical: 2, forMs: 15 * MIN },
  },
  staleAfterIntervals: 3,
};

/** An empty config: every host gets {@link DEFAULT_RULES}. */
export function emptyRulesConfig(): RulesConfig {
  return { defaults: {}, tags: {}, hosts: {} };
}

// Silences and maintenance windows live in their own file; the contract reads them from here too.
export { MaintenanceWindowSchema, SilenceSchema, type MaintenanceWindow, type Silence } from './silences';

/** A signal's state: its level, or `stale` while its host sends nothing. */
export const SignalStateSchema = z.enum(['ok', 'warn', 'critical', 'stale']);
export type SignalState = z.infer<typeof SignalStateSchema>;

/**
 * One row of the alert log: a state change of one signal of one host (`cpu`, `disk:/var`,
 * `data` for data stopping and resuming), of the host as a whole (`host`), or of an HTTP probe
 * (`probe`, with `probeId` set and `hostId` empty). Host and probe rows are what notifications
 * are about.
 */
export const AlertEntrySchema = z.object({
  id: z.number().int(),
  /** The host; '' on a probe's row, so nothing that looks rows up by host ever takes a probe's. */
  hostId: z.string(),
  /** The probe on a probe's row; null on a host's (and on every row logged before probes were). */
  probeId: z.string().nullable().default(null),
  signal: z.string(),
  /** A signal kind, `data`, `host`, or `probe`. */
  kind: z.string(),
  from: SignalStateSchema,
  to: SignalStateSchema,
  at: z.number(),
  /** The value that completed the change; null where there is none. */
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  /** In words: "CPU 93% ≥ 85% for 2 min". */
  reason: z.string(),
  /**
   * Host and probe rows: what happened to the notification, as it was actually sent
   * ("notified (webhook; desktop)", "notified (sent to 2 open tabs, …)", "not notified: silenced by …").
   */
  notice: z.string().nullable(),
});
export type AlertEntry = z.infer<typeof AlertEntrySchema>;

/** One signal of a host as the rule engine sees it now (or, in a saved history, at its end). */
export const SignalStatusSchema = z.object({
  signal: z.string(),
  kind: z.string(),
  label: z.string(),
  state: SignalStateSchema,
  /** When it entered this state. */
  since: z.number(),
  /** The latest value; null when only the log knows the signal (a saved history). */
  value: z.number().nullable(),
  /** Why it is not ok, in words; null when ok. */
  reason: z.string().nullable(),
});
export type SignalStatus = z.infer<typeof SignalStatusSchema>;

/** One webhook message and how its delivery went. */
export const DeliverySchema = z.object({
  id: z.number().int(),
  channel: z.string(),
  createdAt: z.number(),
  text: z.string(),
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.number().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.number().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/**
 * A host or a probe turned red or recovered, and no silence, window or rate limit held it back.
 * For a probe, `subject` is `probe` and `hostId` / `hostName` hold the probe's id and name
 * (the event kept its name and fields so older pages still show it).
 */
export const HostNotificationSchema = z.object({
  subject: z.enum(['host', 'probe']).default('host'),
  hostId: z.string(),
  hostName: z.string(),
  kind: z.enum(['red', 'recovered']),
  title: z.string(),
  body: z.string(),
  at: z.number(),
});
export type HostNotification = z.infer<typeof HostNotificationSchema>;

/** Where notifications go. Desktop notifications are on by default; the webhook is opt-in. */
export const NotifySettingsSchema = z
  .object({
    desktop: z.boolean(),
    /**
     * A Slack-compatible incoming webhook; null for none. http(s) only: fetch would also take
     * data: and blob:, and file: or javascript: never reach a receiver.
     */
    webhookUrl: httpUrl().nullable(),
    /** At most one notification per host this often, in minutes. */
    minGapMinutes: z.number().min(0).max(1440),
  })
  .strict();
export type NotifySettings = z.infer<typeof NotifySettingsSchema>;

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = { desktop: true, webhookUrl: null, minGapMinutes: 5 };

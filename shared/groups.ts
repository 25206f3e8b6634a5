import { z } from 'zod';
import { SignalStatusSchema } from './alerts';
import { HealthStateSchema, HostNameSchema } from './schemas';
import { httpUrl, safeString } from './safeText';

/**
 * Groups (every tag is one), their signals and balance, and the load balancer a user names for a
 * group: what the engine and the UI share. The engine side lives in electron/engine/groups.
 */

/** A tag as hosts carry it; a group's name. */
export const GroupTagSchema = safeString().min(1).max(40);

/** An absolute path on the balancer's host, plain enough to pass to a shell quoted. */
const RemotePath = safeString()
  .max(1024)
  .regex(
    /^\/[A-Za-z0-9._/@+-]*$/,
    'an absolute path (/var/log/nginx/access.log): letters, digits, . _ / @ + -',
  )
  .refine((p) => !p.split('/').includes('..'), 'a path without ".."');

/** A server as the balancer names it: `127.0.0.1:8081` (nginx) or `web-1` (HAProxy). */
const ServerKey = safeString()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:[\]/-]+$/, 'a server as the balancer names it (127.0.0.1:8081, web-1)');

/**
 * The load balancer in front of a group, read over its host's SSH session (or here, for
 * `local`). nginx: the access log (with `ua=$upstream_addr` in its format, see
 * balancerParse.ts), optionally stub_status and the config for `weight=`. HAProxy: `show stat`
 * on its admin socket (through socat on the host) or its stats page's CSV.
 */
export const BalancerSchema = z
  .object({
    kind: z.enum(['nginx', 'haproxy']),
    /** The host the balancer runs on. */
    hostId: HostNameSchema,
    /** nginx: the access log to count requests per upstream in. */
    accessLog: RemotePath.optional(),
    /** nginx: the config file with the `upstream` block, for its `weight=`; equal weights without it. */
    configPath: RemotePath.optional(),
    /** nginx: the `upstream` block; HAProxy: the backend. Every one when unset. */
    upstream: safeString().min(1).max(100).optional(),
    /** HAProxy: its admin socket (`stats socket` in haproxy.cfg). */
    socket: RemotePath.optional(),
    /** nginx stub_status, or HAProxy's stats page (`;csv` is added), fetched with curl on its host. */
    statusUrl: httpUrl()
      .refine(
        (u) => !/^[a-z]+:\/\/[^/]*@/i.test(u),
        'a URL without a user or password: it is fetched on the balancer’s own host, so allow 127.0.0.1 there instead (it would be shown back here, and kept in plain text)',
      )
      .optional(),
    /** Which member each server is; a server named like a member's id needs no entry. */
    servers: z.record(ServerKey, HostNameSchema).default({}),
    /** How often it is read (ms). */
    intervalMs: z.number().int().min(1000).max(3_600_000).default(15_000),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === 'nginx' && !b.accessLog)
      ctx.addIssue({
        code: 'custom',
        path: ['accessLog'],
        message:
          'nginx needs its access log (with ua=$upstream_addr in log_format) to count requests per upstream',
      });
    if (b.kind === 'haproxy' && !b.socket && !b.statusUrl)
      ctx.addIssue({
        code: 'custom',
        path: ['socket'],
        message: 'HAProxy needs its admin socket (stats socket in haproxy.cfg) or its stats URL',
      });
  });
export type Balancer = z.infer<typeof BalancerSchema>;
export type BalancerInput = z.input<typeof BalancerSchema>;

const SpreadSchema = z.object({ mean: z.number(), p90: z.number(), max: z.number(), n: z.number() });

/** One member's part of a measure of load. */
export const ShareSchema = z.object({
  hostId: z.string(),
  load: z.number(),
  weight: z.number(),
  share: z.number(),
  expected: z.number(),
  ratio: z.number().nullable(),
});

/** The group's load shared out by one measure: requests (from the balancer), CPU or network. */
export const BalanceSchema = z.object({
  basis: z.enum(['requests', 'cpu', 'net']),
  /** "requests over the last 60 s", "CPU now". */
  over: z.string(),
  shares: z.array(ShareSchema),
  /** The member furthest off its share, and how far (≥ 1; 2 = twice or half). */
  worst: z.object({ hostId: z.string(), factor: z.number(), words: z.string() }).nullable(),
});
export type Balance = z.infer<typeof BalanceSchema>;

/** The balancer's last read: its servers and what came of it. */
export const BalancerStatusSchema = z.object({
  ok: z.boolean(),
  /** What went wrong, in words, and what to do; null when ok. */
  message: z.string().nullable(),
  at: z.number().nullable(),
  /** Servers it named that are no member of the group (add `servers` to say which host each is). */
  unmatched: z.array(z.string()),
  /** nginx stub_status: requests since nginx started. */
  totalRequests: z.number().nullable(),
});

export const GroupMemberSchema = z.object({
  hostId: z.string(),
  name: z.string(),
  state: HealthStateSchema,
  cpuPct: z.number().nullable(),
  memPct: z.number().nullable(),
  loadPerCore: z.number().nullable(),
});

/** A group: its members, its signals, how it spreads its load. */
export const GroupViewSchema = z.object({
  tag: z.string(),
  /** The worst of the group's own signals (not its members'): green while none is raised. */
  state: HealthStateSchema,
  /** Why, worst first, in words ("web: mean CPU 87 % …"). */
  reasons: z.array(z.string()),
  members: z.array(GroupMemberSchema),
  cpu: SpreadSchema.nullable(),
  memory: SpreadSchema.nullable(),
  load: SpreadSchema.nullable(),
  /** The scale-in side: hosts needed for the peak of the last day, with the arithmetic. */
  scaleIn: z
    .object({ needed: z.number(), spare: z.number(), peakTotalPct: z.number(), arithmetic: z.string() })
    .nullable(),
  balance: z.array(BalanceSchema),
  balancer: BalancerSchema.nullable(),
  balancerStatus: BalancerStatusSchema.nullable(),
  signals: z.array(SignalStatusSchema),
});
export type GroupView = z.infer<typeof GroupViewSchema>;

const TagInput = z.object({ tag: GroupTagSchema }).strict();

/** The groups part of the API contract; `contract.ts` merges it into `methods` and `events`. */
export const groupMethods = {
  /** Every group (every tag some host carries), by name. */
  'groups:list': { input: z.object({}).strict(), output: z.array(GroupViewSchema) },
  'groups:get': { input: TagInput, output: GroupViewSchema },
  /** Names the load balancer in front of a group (null: none); reads it once and returns the group. */
  'groups:setBalancer': {
    liveOnly: true,
    input: z.object({ tag: GroupTagSchema, balancer: BalancerSchema.nullable() }).strict(),
    output: GroupViewSchema,
  },
} as const;

export const groupEvents = {
  /** A group's state or balance changed: reload it. */
  'groups:changed': z.object({ tag: z.string() }),
} as const;

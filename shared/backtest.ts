import { z } from 'zod';
import {
  GROUP_SIGNAL_KINDS,
  RulesConfigSchema,
  SERVICE_SIGNAL_KINDS,
  SIGNAL_KINDS,
  type SignalKind,
} from './alerts';
import { formatTime } from './format';
import { HostNameSchema } from './schemas';

/**
 * Back-testing a rule: the rule engine run over stored history (the live file or a saved one)
 * before a rule is saved, so "would this have woken me three times last week?" is answered from
 * what happened. The replay lives in electron/engine/rules/backtest.ts.
 */

// A service's kinds come from its polls and a group's from its members together, not from one host's samples.
const NOT_HOST_KINDS: ReadonlySet<SignalKind> = new Set([...SERVICE_SIGNAL_KINDS, ...GROUP_SIGNAL_KINDS]);
/** The kinds a host's samples give, which a back-test can replay. */
export const HOST_SIGNAL_KINDS = SIGNAL_KINDS.filter((k) => !NOT_HOST_KINDS.has(k));
export const HostSignalKindSchema = z.enum(HOST_SIGNAL_KINDS as [SignalKind, ...SignalKind[]]);
/**
 * The forecast rule (disk, inodes, memory: amber under 7 days to the limit, red under 1) is not
 * set in the rules config; its back-test replays the built-in rule at the forecasts' 15-minute fits.
 */
export const FORECAST_KIND = 'forecast';
/** Every kind a back-test can replay: a host's, a group's, and the forecast rule. */
export const BACKTEST_KINDS = [...HOST_SIGNAL_KINDS, ...GROUP_SIGNAL_KINDS, FORECAST_KIND] as const;
export type BacktestKind = SignalKind | typeof FORECAST_KIND;
export const BacktestKindSchema = z.enum(BACKTEST_KINDS as unknown as [BacktestKind, ...BacktestKind[]], {
  error: `not a kind a back-test replays; one of ${BACKTEST_KINDS.join(', ')}`,
});
const GROUP_KINDS: ReadonlySet<string> = new Set(GROUP_SIGNAL_KINDS);
/** Whether a kind is judged per group (the hosts sharing a tag), not per host. */
export const isGroupKind = (k: string): boolean => GROUP_KINDS.has(k);

const Ts = z.number().int().min(0).max(8.64e15);
/** Episodes listed at most; the count beyond is still told. */
export const MAX_EPISODES = 500;

export const BacktestInputSchema = z
  .object({
    /** The rules as they would be saved (Settings' draft, or a file). */
    rules: RulesConfigSchema,
    /** The kinds to test; every host kind when absent (every group kind when `tags` is given). */
    kinds: z.array(BacktestKindSchema).min(1).max(BACKTEST_KINDS.length).optional(),
    fromTs: Ts,
    toTs: Ts,
    /** Only these hosts; every host in the history when absent. */
    hostIds: z.array(HostNameSchema).min(1).max(1000).optional(),
    /** Only these groups (tags) for the group kinds; every tag a host carries when absent. */
    tags: z.array(HostNameSchema).min(1).max(1000).optional(),
  })
  .strict()
  .refine((v) => v.fromTs <= v.toTs, { message: 'fromTs must not be after toTs', path: ['fromTs'] });
export type BacktestInput = z.infer<typeof BacktestInputSchema>;

/** One time the rule would have raised a signal: from its rise to its clear (null: still raised at the end). */
export const EpisodeSchema = z.object({
  /** The subject's id: a host's id, or `group:<tag>` for a group. */
  hostId: z.string(),
  /** What to call it: the host's name, or "group web". */
  name: z.string(),
  signal: z.string(),
  kind: z.string(),
  /** The highest level it reached. */
  level: z.enum(['warn', 'critical']),
  startTs: z.number(),
  endTs: z.number().nullable(),
  /** The reason as the alert log would have written it at the rise. */
  reason: z.string(),
});
export type Episode = z.infer<typeof EpisodeSchema>;

/** Which stored resolution answered which stretch: raw polls, or 1-minute (…) means. */
export const ResolutionSchema = z.object({
  tier: z.enum(['raw', '1m', '15m', '1h']),
  fromTs: z.number(),
  toTs: z.number(),
});

export const BacktestResultSchema = z.object({
  fromTs: z.number(),
  toTs: z.number(),
  kinds: z.array(z.string()),
  hosts: z.number(),
  /** Groups with stored history (their members are counted in `hosts`). */
  groups: z.number(),
  /** What the answer rests on, in words (for a group: what skew was judged by). */
  notes: z.array(z.string()),
  /** Stored rows fed to the rule engine (polls and buckets); quiet stretches are passed over unread. */
  rows: z.number(),
  /** Every episode, oldest first (at most MAX_EPISODES; `total` counts them all). */
  episodes: z.array(EpisodeSchema),
  total: z.number(),
  /** Per tier, the earliest and latest moment any host was read from it. */
  resolution: z.array(ResolutionSchema),
});
export type BacktestResult = z.infer<typeof BacktestResultSchema>;

export const backtestMethods = {
  /** Runs rules over stored history; changes nothing (allowed on a reviewed history). */
  'rules:test': { input: BacktestInputSchema, output: BacktestResultSchema },
} as const;

function held(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}

/** "Tue 02:10 for 14 min": when an episode began and how long it lasted. */
export function describeEpisode(e: Episode, now = Date.now()): string {
  const day = new Date(e.startTs).toLocaleDateString('en-GB', { weekday: 'short' });
  const at = `${day} ${formatTime(e.startTs, { now, seconds: false })}`;
  const span = e.endTs === null ? 'still raised at the end' : `for ${held(e.endTs - e.startTs)}`;
  return `${at} ${span}`;
}

/** How far back, in words: "the last 7 days", "the last 6 h". */
export function spanWords(ms: number): string {
  const h = ms / 3_600_000;
  if (h >= 48) return `the last ${Math.round(h / 24)} days`;
  if (h >= 1) return `the last ${Math.round(h)} h`;
  return `the last ${Math.max(1, Math.round(ms / 60_000))} min`;
}

/**
 * The answer in one sentence: "would have fired 3 times in the last 7 days: Tue 02:10 for 14 min
 * (web-1), …", or "would not have fired in the last 7 days (2 hosts, 40,320 polls)".
 */
export function describeBacktest(r: BacktestResult, now = Date.now()): string {
  const span = spanWords(r.toTs - r.fromTs);
  if (r.hosts === 0) return `No stored history in ${span} to test against.`;
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const read =
    r.groups > 0 ? `${count(r.groups, 'group')} of ${count(r.hosts, 'host')}` : count(r.hosts, 'host');
  if (r.total === 0) return `Would not have fired in ${span} (${read}).`;
  const subjects = new Set(r.episodes.map((e) => e.hostId)).size;
  const list = r.episodes
    .slice(0, 3)
    .map((e) => `${describeEpisode(e, now)}${subjects > 1 || r.groups > 0 ? ` (${e.name})` : ''}`)
    .join(', ');
  const more = r.total > 3 ? `, and ${r.total - 3} more` : '';
  return `Would have fired ${r.total === 1 ? 'once' : `${r.total} times`} in ${span}: ${list}${more}.`;
}

/** What the resolution means for the answer, when any stretch came from rollups. */
export function resolutionNote(r: BacktestResult): string | null {
  const coarse = r.resolution.filter((s) => s.tier !== 'raw');
  if (coarse.length === 0) return null;
  // The finest of the coarse tiers is the one that reaches latest (the tiers meet in time order).
  const last = coarse.reduce((a, b) => (b.toTs > a.toTs ? b : a));
  const words: Record<string, string> = { '1m': '1-minute', '15m': '15-minute', '1h': 'hourly' };
  return `Before ${formatTime(last.toTs, { seconds: false })} the history keeps ${words[last.tier] ?? last.tier} means, not each poll: a spike shorter than that does not show.`;
}

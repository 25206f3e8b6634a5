import { z } from 'zod';
import { freeText, safeString } from './safeText';

/** Silences and maintenance windows: what mutes notifications for a while (changes are still logged). */

const DAY = 86_400_000;

const HostTarget = z.object({ kind: z.literal('host'), hostId: safeString().min(1).max(300) }).strict();
const TagTarget = z.object({ kind: z.literal('tag'), tag: safeString().min(1).max(40) }).strict();
/** One HTTP probe: its red and its recovery (a probe has no signals or tags of its own). */
const ProbeTarget = z.object({ kind: z.literal('probe'), probeId: safeString().min(1).max(64) }).strict();
/** `signal` is a kind (`disk`: every mount) or one signal (`disk:/var`); no hostId means every host. */
const SignalTarget = z
  .object({
    kind: z.literal('signal'),
    signal: safeString().min(1).max(300),
    hostId: safeString().min(1).max(300).optional(),
  })
  .strict();

/** Mutes notifications for a host, a tag, a signal or a probe until `until`; changes are still recorded. */
export const SilenceSchema = z
  .object({
    id: z.string().min(1),
    target: z.discriminatedUnion('kind', [HostTarget, TagTarget, SignalTarget, ProbeTarget]),
    until: z.number(),
    by: safeString().min(1, 'say who set the silence').max(200),
    why: freeText().min(1, 'say why, so the next person knows whether it can go').max(4000),
  })
  .strict();
export type Silence = z.infer<typeof SilenceSchema>;

/**
 * Planned work on a host, a tag or the site a probe checks, from `from` to `to`. With `daily`, it repeats every 24 h from
 * `from` onwards (in absolute time, so across a DST change it moves an hour on the wall clock).
 */
export const MaintenanceWindowSchema = z
  .object({
    id: z.string().min(1),
    target: z.discriminatedUnion('kind', [HostTarget, TagTarget, ProbeTarget]),
    from: z.number(),
    to: z.number(),
    daily: z.boolean().default(false),
    by: safeString().min(1, 'say who planned the window').max(200),
    why: freeText().min(1, 'say what the work is').max(4000),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (w.to <= w.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (w.daily && w.to - w.from >= DAY) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a daily window must be shorter than 24 h' });
    }
  });
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

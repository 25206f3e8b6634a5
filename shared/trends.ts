import { z } from 'zod';

/**
 * One stored poll for a card's sparklines: time (ms since epoch), CPU busy % and memory used %,
 * each null when that poll did not have it (a host's first poll has no CPU rate).
 */
export const TrendPointSchema = z.tuple([z.number(), z.number().nullable(), z.number().nullable()]);
export type TrendPoint = z.infer<typeof TrendPointSchema>;

/** Each host's stored polls over its sparkline window, oldest first. */
export const BoardTrendsSchema = z.object({
  /** Where every window ends: now, a reviewed history's last sample, or the moment asked for. */
  to: z.number(),
  hosts: z.array(z.object({ hostId: z.string(), points: z.array(TrendPointSchema) })),
});
export type BoardTrends = z.infer<typeof BoardTrendsSchema>;

/** What `board:trends` takes: how many polls a sparkline draws, and optionally where it ends. */
export const BoardTrendsInputSchema = z
  .object({
    /** Polls per host; each host's window is this many of its poll intervals. */
    samples: z.number().int().min(2).max(600).default(60),
    /** The end of the windows (time travel); omitted for now, or a reviewed history's end. */
    to: z.number().int().optional(),
  })
  .strict();

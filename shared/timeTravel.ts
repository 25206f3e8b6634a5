import { z } from 'zod';
import { ProbeStatusSchema } from './probes';
import { BoardEntrySchema } from './schemas';

/** `board:at`'s question: a moment, or the poll just before or after it. */
export const BoardAtInputSchema = z
  .object({
    ts: z.number().int(),
    /** Move to the nearest moment with a sample (a host's poll or a probe's run) before or after `ts`. */
    step: z.enum(['prev', 'next']).optional(),
  })
  .strict();

/** An incident that was open at the moment. */
export const PastIncidentSchema = z.object({ id: z.string(), title: z.string() });

/**
 * The board as it was at a moment: the hosts and probes that existed then, each as it was then,
 * and the incidents open then. `ts` is the moment answered (after a step, the poll moved to).
 */
export const PastBoardSchema = z.object({
  ts: z.number(),
  hosts: z.array(BoardEntrySchema),
  probes: z.array(ProbeStatusSchema),
  incidents: z.array(PastIncidentSchema),
});
export type PastBoard = z.infer<typeof PastBoardSchema>;

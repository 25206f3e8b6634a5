import { z } from 'zod';
import { GroupTagSchema } from './groups';

/** The longest range a capacity report covers: past this the rollups are not kept anyway. */
export const MAX_REPORT_SPAN_MS = 400 * 86_400_000;

export const ReportFormatSchema = z.enum(['md', 'html']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const CapacityReportInputSchema = z
  .object({
    tag: GroupTagSchema,
    fromTs: z.number().int().min(0),
    toTs: z.number().int().min(0),
    format: ReportFormatSchema,
  })
  .strict()
  .refine((v) => v.fromTs < v.toTs, { message: 'fromTs must be before toTs', path: ['fromTs'] })
  .refine((v) => v.toTs - v.fromTs <= MAX_REPORT_SPAN_MS, {
    message: 'a capacity report covers at most 400 days; choose a shorter range',
    path: ['fromTs'],
  });
export type CapacityReportInput = z.infer<typeof CapacityReportInputSchema>;

/** A written report: one self-contained file to save as `fileName`. */
export const CapacityReportFileSchema = z.object({
  fileName: z.string(),
  mime: z.enum(['text/markdown;charset=utf-8', 'text/html;charset=utf-8']),
  text: z.string(),
  /** One line: "web: 6 members, CPU p95 41 %, peak 88 %; 3 of 6 hosts would keep the peak under 70 %". */
  summary: z.string(),
});
export type CapacityReportFile = z.infer<typeof CapacityReportFileSchema>;

export const capacityReportMethods = {
  /**
   * A group's capacity report over a range (peaks, 95th percentiles, growth, forecasts,
   * headroom) as Markdown or a self-contained HTML page. Only reads: allowed on a saved history.
   */
  'groups:report': { input: CapacityReportInputSchema, output: CapacityReportFileSchema },
} as const;

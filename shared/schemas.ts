import { z } from 'zod';

/** Health states, worst last. `waiting` = no sample yet; `grey` = data stopped arriving. */
export const HealthStateSchema = z.enum(['waiting', 'green', 'amber', 'red', 'grey']);
export type HealthState = z.infer<typeof HealthStateSchema>;

export const HostKindSchema = z.enum(['local']);

export const HostSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: HostKindSchema,
  intervalMs: z.number().int().positive(),
});
export type Host = z.infer<typeof HostSchema>;

export const DiskUsageSchema = z.object({
  mount: z.string(),
  fs: z.string(),
  totalBytes: z.number(),
  usedBytes: z.number(),
  usedPct: z.number(),
});
export type DiskUsage = z.infer<typeof DiskUsageSchema>;

export const NetRateSchema = z.object({
  iface: z.string(),
  rxBps: z.number(),
  txBps: z.number(),
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
  diskIo: z.object({ readBps: z.number().nullable(), writeBps: z.number().nullable() }),
  net: z.array(NetRateSchema),
  uptimeSec: z.number(),
  processCount: z.number().int(),
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

export const SeriesPointSchema = z.tuple([z.number(), z.number()]);

export const AppInfoSchema = z.object({
  name: z.literal('Greenboard'),
  version: z.string(),
  mode: z.enum(['desktop', 'headless']),
  dataDir: z.string(),
  dbPath: z.string(),
  platform: z.string(),
  hostname: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const SettingsSchema = z.object({
  localIntervalMs: z.number().int().min(250).max(3_600_000),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** The one error shape both transports return. Codes are stable; messages say what to do. */
export const ErrorCodeSchema = z.enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'unknown_method',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
export const ApiErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

import { z } from 'zod';
import { httpUrl, safeString } from './safeText';

/**
 * Prometheus as a data source (node_exporter targets shown as hosts) and Greenboard's own
 * /metrics for a Prometheus to scrape. Both live in greenboard.json (`prometheus`, `metrics`).
 */

/** How Greenboard authenticates to a Prometheus. Secrets are not kept here: see `secretRef`. */
export const PrometheusAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('bearer') }).strict(),
  z.object({ kind: z.literal('basic'), username: safeString().min(1).max(256) }).strict(),
]);
export type PrometheusAuth = z.infer<typeof PrometheusAuthSchema>;

/** One Prometheus server to read hosts from. */
export const PrometheusSourceSchema = z
  .object({
    /** Short id, also the prefix of its hosts' ids (`prom-main:10.0.0.5:9100`). */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-" (up to 32)'),
    url: httpUrl(),
    /** PromQL label matchers picking the node_exporter targets, without braces. */
    selector: safeString().min(1).max(500).default('job="node"'),
    auth: PrometheusAuthSchema.default({ kind: 'none' }),
    /** How often the board's values are refreshed. */
    refreshMs: z.number().int().min(1000).max(3_600_000).default(15_000),
  })
  .strict();
export type PrometheusSource = z.infer<typeof PrometheusSourceSchema>;

export const PrometheusSourcesSchema = z.array(PrometheusSourceSchema).max(20).default([]);

/** Greenboard's own /metrics (served by `greenboard serve`). */
export const MetricsExportSchema = z
  .object({
    /**
     * A token only for scraping /metrics (sent as `Authorization: Bearer …`), so a Prometheus
     * config never holds the server token. Null: only the server token is accepted.
     */
    scrapeToken: safeString().min(16, 'use at least 16 characters').max(256).nullable().default(null),
  })
  .strict();
export type MetricsExport = z.infer<typeof MetricsExportSchema>;

import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { BoardEntry, HealthState } from '../../shared/schemas';
import { checkToken, presentedToken } from './auth';

// Greenboard's own /metrics in the Prometheus text exposition format 0.0.4:
// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
// Written directly rather than through prom-client's Registry: the board is a snapshot that is
// rebuilt on every scrape, and for 500 hosts filling Gauges label set by label set costs several
// times more than writing the lines (bench/metricsBench.ts measures both). Names follow
// https://prometheus.io/docs/practices/naming/ : base units (bytes, seconds) and ratios 0–1
// where Greenboard itself shows percent, as node_exporter-based dashboards expect.

/** Content-Type of the text format, version 0.0.4. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * zlib level for scrapes: level 1 takes half the CPU of the default 6 on a 500-host page and
 * the result is only ~6% larger; a scrape repeats every few seconds, so CPU matters more.
 */
export const METRICS_GZIP_LEVEL = 1;

/** What the exporter reads: the board, and the scrape token of the settings (both through the API). */
export interface MetricsSource {
  board(): BoardEntry[] | Promise<BoardEntry[]>;
  scrapeToken(): string | null | Promise<string | null>;
}

/** Extra labels of one series (mount, interface, …); the host labels are added by the caller. */
export type ExtraLabels = Readonly<Record<string, string>>;

/** One metric family: its name, HELP text, and how to read its series off one board entry. */
export interface MetricFamily {
  name: string;
  help: string;
  /** Calls `emit` once per series of this entry; not at all when the entry has no value. */
  collect(e: BoardEntry, emit: (value: number, extra?: ExtraLabels) => void): void;
}

const HEALTH_STATES: readonly HealthState[] = ['waiting', 'green', 'amber', 'red', 'grey'];
// Hosts Greenboard polls itself. Hosts read from a Prometheus (issue 8, part 1) are not
// re-exported: that Prometheus has them already, and scraping them back would loop.
const EXPORTED_KINDS: ReadonlySet<string> = new Set(['local', 'ssh']);

const ratio = (pct: number | null | undefined): number | null => (pct == null ? null : pct / 100);

/** Emits `v` unless it is null or undefined (a rate on the first poll, an older sample). */
function maybe(
  emit: (v: number, extra?: ExtraLabels) => void,
  v: number | null | undefined,
  extra?: ExtraLabels,
) {
  if (v != null) emit(v, extra);
}

/** Every family Greenboard exports, in output order. Exported for the benchmark's prom-client baseline. */
export const METRIC_FAMILIES: readonly MetricFamily[] = [
  {
    name: 'greenboard_host_up',
    help: "1 when the host's link is ok and its last poll is fresh (health neither grey nor waiting), else 0.",
    collect: (e, emit) => emit(isUp(e) ? 1 : 0),
  },
  {
    name: 'greenboard_host_health',
    help: 'Health state of the host as on the board: 1 for the current state, 0 for the others.',
    collect: (e, emit) => {
      for (const state of HEALTH_STATES) emit(e.health.state === state ? 1 : 0, { state });
    },
  },
  {
    name: 'greenboard_host_last_poll_timestamp_seconds',
    help: 'When the last sample of the host arrived, in seconds since the Unix epoch.',
    collect: (e, emit) => maybe(emit, e.health.lastSampleTs == null ? null : e.health.lastSampleTs / 1000),
  },
  {
    name: 'greenboard_host_poll_rtt_seconds',
    help: 'Round-trip time of the SSH connection to the host, in seconds (remote hosts only).',
    collect: (e, emit) => maybe(emit, e.link.pollMs == null ? null : e.link.pollMs / 1000),
  },
  sample(
    'greenboard_host_poll_duration_seconds',
    'How long the last poll took, in seconds.',
    (s) => s.pollMs / 1000,
  ),
  sample('greenboard_host_cpu_cores', 'Number of CPU cores.', (s) => s.cpu.cores),
  sample(
    'greenboard_host_cpu_busy_ratio',
    'Share of CPU time not idle since the previous poll, 0–1 (Greenboard shows it as CPU %).',
    (s) => ratio(s.cpu.busyPct),
  ),
  sample(
    'greenboard_host_cpu_iowait_ratio',
    'Share of CPU time waiting for I/O since the previous poll, 0–1.',
    (s) => ratio(s.cpu.iowaitPct),
  ),
  sample(
    'greenboard_host_cpu_steal_ratio',
    'Share of CPU time stolen by the hypervisor since the previous poll, 0–1.',
    (s) => ratio(s.cpu.stealPct),
  ),
  sample('greenboard_host_load1', '1-minute load average.', (s) => s.load?.[0]),
  sample('greenboard_host_load5', '5-minute load average.', (s) => s.load?.[1]),
  sample('greenboard_host_load15', '15-minute load average.', (s) => s.load?.[2]),
  sample('greenboard_host_memory_total_bytes', 'Total memory, in bytes.', (s) => s.mem.totalBytes),
  sample(
    'greenboard_host_memory_used_bytes',
    'Memory in use (total minus available), in bytes.',
    (s) => s.mem.usedBytes,
  ),
  sample(
    'greenboard_host_memory_available_bytes',
    'Memory available for new work, in bytes.',
    (s) => s.mem.availableBytes,
  ),
  sample('greenboard_host_swap_total_bytes', 'Total swap, in bytes.', (s) => s.swap.totalBytes),
  sample('greenboard_host_swap_used_bytes', 'Swap in use, in bytes.', (s) => s.swap.usedBytes),
  perDisk('greenboard_host_filesystem_size_bytes', 'Size of the filesystem, in bytes.', (d) => d.totalBytes),
  perDisk(
    'greenboard_host_filesystem_used_bytes',
    'Space used on the filesystem, in bytes.',
    (d) => d.usedBytes,
  ),
  perDisk(
    'greenboard_host_filesystem_used_ratio',
    'Share of the filesystem used, 0–1 (Greenboard shows it as disk %).',
    (d) => ratio(d.usedPct),
  ),
  perDisk(
    'greenboard_host_filesystem_inodes_used_ratio',
    "Share of the filesystem's inodes used, 0–1; absent where the filesystem has no inode limit.",
    (d) => ratio(d.inodesUsedPct),
  ),
  sample(
    'greenboard_host_disk_read_bytes_per_second',
    'Bytes read from all disks per second since the previous poll.',
    (s) => s.diskIo.readBps,
  ),
  sample(
    'greenboard_host_disk_write_bytes_per_second',
    'Bytes written to all disks per second since the previous poll.',
    (s) => s.diskIo.writeBps,
  ),
  sample(
    'greenboard_host_disk_busy_ratio',
    "Busiest whole disk's share of time doing I/O (iostat %util), 0–1.",
    (s) => ratio(s.diskIo.busyPct),
  ),
  perIface(
    'greenboard_host_network_receive_bytes_per_second',
    'Bytes received per second since the previous poll.',
    (n) => n.rxBps,
  ),
  perIface(
    'greenboard_host_network_transmit_bytes_per_second',
    'Bytes sent per second since the previous poll.',
    (n) => n.txBps,
  ),
  perIface(
    'greenboard_host_network_errors_per_second',
    'Receive and transmit errors plus drops per second.',
    (n) => n.errPs,
  ),
  sample('greenboard_host_uptime_seconds', 'Time since the host booted, in seconds.', (s) => s.uptimeSec),
  sample('greenboard_host_processes', 'Number of processes.', (s) => s.processCount),
];

type Latest = NonNullable<BoardEntry['latest']>;

/** A family with one series per host, read off its latest sample. */
function sample(name: string, help: string, read: Reader<Latest>): MetricFamily {
  return { name, help, collect: (e, emit) => e.latest && maybe(emit, read(e.latest)) };
}

type Reader<T> = (t: T) => number | null | undefined;

/** A family with one series per filesystem (labels mount, fstype). */
function perDisk(name: string, help: string, read: Reader<Latest['disks'][number]>): MetricFamily {
  const collect: MetricFamily['collect'] = (e, emit) => {
    for (const d of e.latest?.disks ?? []) maybe(emit, read(d), { mount: d.mount, fstype: d.fs });
  };
  return { name, help: `${help} Labels: mount, fstype.`, collect };
}

/** A family with one series per network interface (label interface). */
function perIface(name: string, help: string, read: Reader<Latest['net'][number]>): MetricFamily {
  const collect: MetricFamily['collect'] = (e, emit) => {
    for (const n of e.latest?.net ?? []) maybe(emit, read(n), { interface: n.iface });
  };
  return { name, help: `${help} Label: interface.`, collect };
}

/** The same judgement the board makes: reachable and fresh. */
function isUp(e: BoardEntry): boolean {
  return (
    e.link.state === 'ok' && e.latest !== null && e.health.state !== 'grey' && e.health.state !== 'waiting'
  );
}

/** Escapes a label value: backslash, double quote and line feed, as the text format requires. */
export function escapeLabelValue(v: string): string {
  return /[\\"\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** The entries that are exported: hosts Greenboard polls itself. */
export function exportedEntries(board: readonly BoardEntry[]): BoardEntry[] {
  return board.filter((e) => EXPORTED_KINDS.has(e.host.kind));
}

/** The labels every series of a host carries. */
export function hostLabels(e: BoardEntry): Record<string, string> {
  return { host: e.host.name, host_id: e.host.id, kind: e.host.kind };
}

/**
 * Renders the board in the Prometheus text format. Every host gets `greenboard_host_up` and
 * `greenboard_host_health`; a host without a sample yet gets nothing else.
 */
export function renderMetrics(board: readonly BoardEntry[]): string {
  const entries = exportedEntries(board);
  // The host part of the label set, escaped once per host rather than once per series.
  const prefixes = entries.map(
    (e) =>
      `host="${escapeLabelValue(e.host.name)}",host_id="${escapeLabelValue(e.host.id)}",kind="${escapeLabelValue(e.host.kind)}"`,
  );
  const out: string[] = [];
  for (const family of METRIC_FAMILIES) {
    const lines: string[] = [];
    entries.forEach((e, i) => {
      family.collect(e, (value, extra) => {
        let labels = prefixes[i] ?? '';
        if (extra) for (const k in extra) labels += `,${k}="${escapeLabelValue(extra[k] ?? '')}"`;
        lines.push(`${family.name}{${labels}} ${formatValue(value)}`);
      });
    });
    if (lines.length === 0) continue;
    out.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    out.push(`# TYPE ${family.name} gauge`);
    out.push(...lines);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

const METRICS_HINT =
  'Send "Authorization: Bearer TOKEN" with the scrape token from greenboard.json (metrics.scrapeToken) ' +
  'or the token "greenboard serve" printed; in prometheus.yml: authorization: { type: Bearer, credentials: TOKEN }.';

/**
 * Answers `GET /metrics`: 401 (with WWW-Authenticate) without a token, 403 with a wrong one,
 * else the rendered board, gzipped when the scraper accepts it (Prometheus does).
 * Accepts the server token or, when set, `settings.metrics.scrapeToken`.
 */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  source: MetricsSource,
  serverToken: string,
): Promise<void> {
  const text = (status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(`${body}\n`);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return text(405, 'Scrape /metrics with GET.', { allow: 'GET, HEAD' });
  const presented = presentedToken(req, url);
  const scrapeToken = await source.scrapeToken();
  const verdicts = [
    checkToken(serverToken, presented),
    scrapeToken ? checkToken(scrapeToken, presented) : 'wrong',
  ];
  if (verdicts[0] === 'missing') {
    // https://datatracker.ietf.org/doc/html/rfc6750#section-3
    return text(401, `Missing token. ${METRICS_HINT}`, {
      'www-authenticate': 'Bearer realm="greenboard-metrics"',
    });
  }
  if (!verdicts.includes('ok')) {
    return text(403, `Wrong token. ${METRICS_HINT}`, {
      'www-authenticate': 'Bearer realm="greenboard-metrics", error="invalid_token"',
    });
  }
  const body = Buffer.from(renderMetrics(await source.board()), 'utf8');
  const headers: Record<string, string> = {
    'content-type': METRICS_CONTENT_TYPE,
    'cache-control': 'no-store',
    vary: 'accept-encoding',
  };
  const wantsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const payload = wantsGzip ? await gzipAsync(body, { level: METRICS_GZIP_LEVEL }) : body;
  if (wantsGzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = String(payload.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

const gzipAsync = promisify(gzip);

/**
 * What a load balancer says, parsed: nginx's access log (requests per upstream), its
 * stub_status page and its config's `server … weight=N`; HAProxy's `show stat` CSV.
 * Pure functions over text, so each is tested on real output without a balancer.
 */

/** Requests each upstream server answered, and how long they took in total. */
export interface UpstreamCounts {
  /** Per server: `127.0.0.1:8081` (nginx) or `web/web-1` (HAProxy backend/server). */
  requests: Map<string, number>;
  /** Seconds spent answering, per server, where the log says (nginx `urt=`). */
  seconds: Map<string, number>;
}

/** `name="a, b"` or `name=a, b : c` (nginx joins the servers it tried with ", " and " : "). */
const field = (name: string): RegExp =>
  new RegExp(`(?:^|\\s)${name}=(?:"([^"]*)"|([^\\s",]+(?:(?:, | : )[^\\s",]+)*))`);
const UA = field('ua');
const URT = field('urt');

/**
 * Counts the lines of an nginx access log per upstream. The log format must carry
 * `ua=$upstream_addr` (and may carry `urt=$upstream_response_time`) anywhere in the line, e.g.
 *
 *     log_format greenboard '$remote_addr [$time_local] "$request" $status ua=$upstream_addr urt=$upstream_response_time';
 *
 * When nginx tried several servers ("a:1, b:2", or "a:1 : b:2" after an internal redirect) the
 * last one answered, so the request counts for it. Lines without `ua=`, or with `ua=-` (served
 * by nginx itself), count for nobody.
 */
export function countUpstreams(text: string): UpstreamCounts {
  const requests = new Map<string, number>();
  const seconds = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = UA.exec(line);
    const ua = m?.[1] ?? m?.[2];
    if (!ua) continue;
    const addrs = ua.split(/, | : /);
    const last = addrs[addrs.length - 1];
    if (!last || last === '-') continue;
    requests.set(last, (requests.get(last) ?? 0) + 1);
    const u = URT.exec(line);
    const t = (u?.[1] ?? u?.[2])?.split(/, | : /);
    const secs = Number(t?.[t.length - 1]);
    if (Number.isFinite(secs)) seconds.set(last, (seconds.get(last) ?? 0) + secs);
  }
  return { requests, seconds };
}

/** nginx's stub_status page. */
export interface StubStatus {
  active: number;
  accepts: number;
  handled: number;
  requests: number;
  reading: number;
  writing: number;
  waiting: number;
}

/** Parses stub_status ("Active connections: 2 \n server accepts handled requests\n 5 5 9 …"); null if it is not one. */
export function parseStubStatus(text: string): StubStatus | null {
  const active = /Active connections:\s*(\d+)/.exec(text);
  const counts = /\n\s*(\d+)\s+(\d+)\s+(\d+)\s*\n/.exec(text);
  const rww = /Reading:\s*(\d+)\s+Writing:\s*(\d+)\s+Waiting:\s*(\d+)/.exec(text);
  if (!active || !counts || !rww) return null;
  const n = (s: string | undefined): number => Number(s ?? 0);
  return {
    active: n(active[1]),
    accepts: n(counts[1]),
    handled: n(counts[2]),
    requests: n(counts[3]),
    reading: n(rww[1]),
    writing: n(rww[2]),
    waiting: n(rww[3]),
  };
}

/**
 * Server weights from nginx config text: `server ADDR [weight=N] …;` inside `upstream NAME { }`
 * (only that upstream's, when `upstream` is named). A server without `weight=` weighs 1, as in
 * nginx; a `backup` or `down` server takes no share while the others are up, so it weighs 0.
 */
export function nginxWeights(config: string, upstream?: string): Map<string, number> {
  const out = new Map<string, number>();
  const noComments = config.replace(/#[^\n]*/g, '');
  const blocks = noComments.matchAll(/upstream\s+([^\s{]+)\s*\{([^}]*)\}/g);
  for (const [, name, body] of blocks) {
    if (upstream && name !== upstream) continue;
    for (const stmt of (body ?? '').split(';')) {
      const words = stmt.trim().split(/\s+/);
      if (words[0] !== 'server' || !words[1]) continue;
      const w = words.find((x) => x.startsWith('weight='));
      const off = words.includes('backup') || words.includes('down');
      out.set(words[1], off ? 0 : w ? Number(w.slice(7)) || 1 : 1);
    }
  }
  return out;
}

/** One HAProxy server row of `show stat`. */
export interface HaproxyServer {
  backend: string;
  server: string;
  /** Requests (req_tot), or selections (lbtot), or sessions (stot): the first HAProxy gives. */
  total: number;
  weight: number;
  status: string;
}

/**
 * Parses `show stat` (or the stats page's `;csv`): the server rows, not FRONTEND or BACKEND.
 * Columns are found by the header line, which HAProxy starts with "# pxname,svname,…".
 */
export function parseHaproxyCsv(text: string, backend?: string): HaproxyServer[] {
  const lines = text.split('\n');
  const head = lines.find((l) => l.startsWith('# '));
  if (!head) return [];
  const cols = head.slice(2).split(',');
  const at = (name: string): number => cols.indexOf(name);
  const [px, sv, req, lb, st, wt, stat] = [
    'pxname',
    'svname',
    'req_tot',
    'lbtot',
    'stot',
    'weight',
    'status',
  ].map(at);
  const out: HaproxyServer[] = [];
  for (const line of lines) {
    if (!line || line.startsWith('#')) continue;
    const f = line.split(',');
    const get = (i: number | undefined): string => (i === undefined || i < 0 ? '' : (f[i] ?? ''));
    const server = get(sv);
    if (!server || server === 'FRONTEND' || server === 'BACKEND') continue;
    const b = get(px);
    if (backend && b !== backend) continue;
    const total = [get(req), get(lb), get(st)].find((x) => x !== '');
    out.push({
      backend: b,
      server,
      total: Number(total ?? 0),
      weight: Number(get(wt) || 1),
      status: get(stat),
    });
  }
  return out;
}

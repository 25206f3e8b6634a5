import type { Balancer } from '../../../shared/groups';
import { redactUrls } from '../../../shared/redactUrl';
import type { RemoteExec, RunOutput } from '../collectors/types';
import { countUpstreams, nginxWeights, parseHaproxyCsv, parseStubStatus } from './balancerParse';

/** What one read of a balancer gave. */
export interface BalancerReading {
  at: number;
  /** Requests per server since the last read; null on the first (it sets the baseline). */
  delta: Map<string, number> | null;
  /** Seconds spent answering per server since the last read, where the balancer says. */
  seconds: Map<string, number>;
  /** Weights per server as the balancer states them; empty for equal. */
  weights: Map<string, number>;
  /** Requests since the balancer started (nginx stub_status), when asked for. */
  totalRequests: number | null;
}

/** A balancer that could not be read, with what to do about it. */
export class BalancerError extends Error {}

const RUN_TIMEOUT_MS = 10_000;
/** The most of the access log read per poll; a busier log is caught up over the next polls. */
const MAX_LOG_BYTES = 4 * 1024 * 1024;

/**
 * Prints "SIZE START INODE" and the log's bytes from START (at most MAX): only what was written
 * since the last read. The first read (offset -1) only learns the size, so history is not
 * counted as now. A log with another inode (logrotate moved it and nginx reopened a new one), or
 * smaller than the offset (truncated), is read from its start. Bytes outside printable ASCII
 * become "?" one for one, so the byte count of what comes back is its length and the next offset
 * is exact.
 */
const TAIL_SCRIPT = `f=$1; off=$2; max=$3; was=$4
size=$(wc -c < "$f") || exit 3
ino=$(ls -i "$f" | awk '{print $1}')
if [ "$off" -lt 0 ]; then echo "$size $size $ino"; exit 0; fi
if [ "$size" -lt "$off" ] || [ "$ino" != "$was" ]; then off=0; fi
echo "$size $off $ino"
tail -c +$((off + 1)) "$f" | head -c "$max" | LC_ALL=C tr -c '\\n -~' '?'`;

/** HAProxy's admin socket, asked with socat, or nc -U where socat is missing. */
const SOCKET_SCRIPT = `if command -v socat >/dev/null 2>&1; then
  echo "show stat" | socat -t 5 - "UNIX-CONNECT:$1"
else
  echo "show stat" | nc -U -w 5 "$1"
fi`;

/**
 * Reads one balancer over its host's session: nginx by the new part of its access log (plus
 * stub_status and `weight=` from its config when named), HAProxy by `show stat`. Keeps what the
 * next read needs (the log offset, HAProxy's counters) between reads.
 */
export class BalancerReader {
  private offset = -1;
  private inode = '';
  private lastTotals: Map<string, number> | null = null;

  constructor(readonly config: Balancer) {}

  async read(exec: RemoteExec, at: number): Promise<BalancerReading> {
    return this.config.kind === 'nginx' ? this.readNginx(exec, at) : this.readHaproxy(exec, at);
  }

  private async readNginx(exec: RemoteExec, at: number): Promise<BalancerReading> {
    const log = this.config.accessLog ?? '';
    const out = await run(
      exec,
      ['sh', '-c', TAIL_SCRIPT, 'sh', log, String(this.offset), String(MAX_LOG_BYTES), this.inode],
      {
        maxBytes: MAX_LOG_BYTES + 1024,
      },
    );
    if (out.exitCode !== 0)
      throw new BalancerError(
        `cannot read ${log}: ${firstLine(out)}. Give the SSH user read access to it (on Debian: the adm group) or name the log nginx writes.`,
      );
    const nl = out.stdout.indexOf('\n');
    const [sizeText, startText, inode = ''] = (nl < 0 ? out.stdout : out.stdout.slice(0, nl))
      .trim()
      .split(' ');
    const [size, start] = [Number(sizeText), Number(startText)];
    if (!Number.isFinite(size) || !Number.isFinite(start))
      throw new BalancerError(
        `cannot read ${log}: its size did not come back ("${out.stdout.slice(0, 80)}")`,
      );
    const first = this.offset < 0;
    let delta: Map<string, number> | null = null;
    let seconds = new Map<string, number>();
    this.inode = inode;
    if (first) this.offset = size;
    else {
      const body = nl < 0 ? '' : out.stdout.slice(nl + 1);
      // A line still being written is read whole next time.
      const complete = body.slice(0, body.lastIndexOf('\n') + 1);
      this.offset = start + complete.length;
      const counts = countUpstreams(complete);
      delta = counts.requests;
      seconds = counts.seconds;
    }
    const weights = this.config.configPath
      ? await this.nginxConfigWeights(exec, this.config.configPath)
      : new Map<string, number>();
    const totalRequests = this.config.statusUrl ? await this.stubRequests(exec, this.config.statusUrl) : null;
    return { at, delta, seconds, weights, totalRequests };
  }

  private async nginxConfigWeights(exec: RemoteExec, path: string): Promise<Map<string, number>> {
    const out = await run(exec, ['cat', '--', path]);
    // Unreadable config: equal weights, as the group page says (not a failed read).
    if (out.exitCode !== 0) return new Map();
    return nginxWeights(out.stdout, this.config.upstream);
  }

  private async stubRequests(exec: RemoteExec, url: string): Promise<number | null> {
    const out = await run(exec, ['curl', '-fsS', '--max-time', '5', url]);
    if (out.exitCode !== 0)
      throw new BalancerError(`stub_status at ${redactUrls(url)} did not answer: ${firstLine(out)}`);
    const st = parseStubStatus(out.stdout);
    if (!st)
      throw new BalancerError(
        `${redactUrls(url)} is not a stub_status page. Point it at a location with "stub_status;" in nginx's config.`,
      );
    return st.requests;
  }

  private async readHaproxy(exec: RemoteExec, at: number): Promise<BalancerReading> {
    const { socket, statusUrl } = this.config;
    const out = socket
      ? await run(exec, ['sh', '-c', SOCKET_SCRIPT, 'sh', socket])
      : await run(exec, ['curl', '-fsS', '--max-time', '5', `${statusUrl ?? ''};csv`]);
    const where = socket ?? redactUrls(statusUrl ?? '');
    if (out.exitCode !== 0)
      throw new BalancerError(
        `HAProxy at ${where} did not answer: ${firstLine(out)}. ${
          socket
            ? 'Check "stats socket" in haproxy.cfg, that the SSH user may open it, and that socat (or nc) is installed.'
            : 'Check the URL of its stats page.'
        }`,
      );
    const rows = parseHaproxyCsv(out.stdout, this.config.upstream);
    if (rows.length === 0)
      throw new BalancerError(
        `HAProxy at ${where} listed no servers${this.config.upstream ? ` in backend "${this.config.upstream}"` : ''}.`,
      );
    const totals = new Map(rows.map((r) => [r.server, r.total]));
    const weights = new Map(rows.map((r) => [r.server, r.weight]));
    let delta: Map<string, number> | null = null;
    if (this.lastTotals) {
      delta = new Map();
      // A counter that went down is a restarted HAProxy: what it counted since is the delta.
      for (const [s, t] of totals)
        delta.set(s, t - (this.lastTotals.get(s) ?? 0) < 0 ? t : t - (this.lastTotals.get(s) ?? 0));
    }
    this.lastTotals = totals;
    return { at, delta, seconds: new Map(), weights, totalRequests: null };
  }
}

async function run(exec: RemoteExec, argv: string[], opts?: { maxBytes: number }): Promise<RunOutput> {
  const out = await exec.exec(argv, RUN_TIMEOUT_MS, opts);
  if (out.timedOut)
    return { ...out, exitCode: out.exitCode ?? 124, stderr: `no answer within ${RUN_TIMEOUT_MS / 1000} s` };
  return out;
}

function firstLine(out: RunOutput): string {
  const text = (out.stderr.trim() || out.stdout.trim() || `exit code ${out.exitCode}`).split('\n')[0] ?? '';
  return redactUrls(text).slice(0, 200);
}

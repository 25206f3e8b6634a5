// Real load balancers on 127.0.0.1 for the group balance tests: three small Node upstreams that
// count their hits (one can be made slow), a real nginx in front of them (weights in its config,
// changed by a reload) and a real HAProxy (weights changed over its admin socket). Each runs in
// the foreground in its own temp dir, so the test process owns it. Not for production use.
// nginx: https://nginx.org/en/docs/http/ngx_http_upstream_module.html
// HAProxy: https://docs.haproxy.org/2.6/management.html#9.3
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../ssh/testing/waitFor';
import { freePort } from '../../testing/nginx';

const NGINX = '/usr/sbin/nginx';
const HAPROXY = '/usr/sbin/haproxy';
const SOCAT = '/usr/bin/socat';
const SETPRIV = '/usr/bin/setpriv';

/** Why the balancer tests cannot run here, or null. */
export function balancersMissing(): string | null {
  const need = { nginx: NGINX, haproxy: HAPROXY, socat: SOCAT };
  const gone = Object.entries(need).filter(([, p]) => !existsSync(p));
  return gone.length ? `not installed: ${gone.map(([n]) => n).join(', ')}` : null;
}

export interface Upstream {
  port: number;
  addr: string;
  /** Requests it answered. */
  hits: number;
  /** Each answer waits this long. */
  delayMs: number;
}

export interface Upstreams {
  list: Upstream[];
  stop(): Promise<void>;
}

/** `n` loopback HTTP servers that answer "upstream N" and count their hits. */
export async function startUpstreams(n: number): Promise<Upstreams> {
  const servers: Server[] = [];
  const list: Upstream[] = [];
  for (let i = 0; i < n; i++) {
    const u: Upstream = { port: 0, addr: '', hits: 0, delayMs: 0 };
    const srv = createServer((_req, res) => {
      u.hits++;
      setTimeout(() => res.end(`upstream ${i + 1}\n`), u.delayMs);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const a = srv.address();
    u.port = typeof a === 'object' && a ? a.port : 0;
    u.addr = `127.0.0.1:${u.port}`;
    servers.push(srv);
    list.push(u);
  }
  return {
    list,
    stop: async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}

/** Sends `total` GETs to `url`, `concurrency` at a time; resolves when all are answered. */
export async function sendLoad(url: string, total: number, concurrency: number): Promise<void> {
  let left = total;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left--;
      await one();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The live (not zombie) children of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') out.push(Number(e));
    } catch {
      // Gone while listed.
    }
  }
  return out;
}

const live = new Set<ChildProcess>();
process.on('exit', () => live.forEach((c) => c.kill('SIGKILL')));

function launch(cmd: string, args: string[]): ChildProcess {
  const [c, ...rest] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', cmd, ...args] : [cmd, ...args];
  const child = spawn(c ?? cmd, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4096)));
  child.once('exit', () => live.delete(child));
  Object.defineProperty(child, 'errText', { get: () => err });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}

/** GET that resolves with the status and headers, or null when nothing answers. */
function probe(url: string): Promise<{ status: number; gen: string | null } | null> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      const g = res.headers['x-gen'];
      res.on('end', () => resolve({ status: res.statusCode ?? 0, gen: typeof g === 'string' ? g : null }));
    });
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** A test dir others may read (the SSH test user reads the log and config through its session). */
function sharedDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export interface TestNginxLb {
  port: number;
  url: string;
  statusUrl: string;
  logPath: string;
  confPath: string;
  /** Rewrites the upstream's weights and reloads nginx; resolves once the new config answers. */
  setWeights(weights: number[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * nginx as a load balancer in front of `ups`: `upstream web { server … weight=N; }`, the access
 * log in the format Greenboard reads (`ua=$upstream_addr urt=$upstream_response_time`), and
 * stub_status at /nginx_status. With `leastConn`, a slow upstream gets fewer requests.
 */
export async function startNginxLb(
  ups: Upstream[],
  opts: { weights?: number[]; leastConn?: boolean } = {},
): Promise<TestNginxLb> {
  const dir = sharedDir('gb-lb-nginx-');
  const port = await freePort();
  const logPath = join(dir, 'access.log');
  const confPath = join(dir, 'nginx.conf');
  let gen = 0;
  const write = (weights: number[]): void => {
    gen++;
    const servers = ups.map((u, i) => `    server ${u.addr} weight=${weights[i] ?? 1};`).join('\n');
    const tmp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (t) => `${t}_temp_path ${dir}/${t};`,
    );
    // master_process on, so a HUP reloads the config as in production; as root the workers stay root.
    writeFileSync(
      confPath,
      `daemon off;
master_process on;
worker_processes 1;
${process.getuid?.() === 0 ? 'user root root;' : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  ${tmp.join('\n  ')}
  log_format greenboard '$remote_addr [$time_local] "$request" $status ua=$upstream_addr urt=$upstream_response_time';
  access_log ${logPath} greenboard;
  upstream web {
${opts.leastConn ? '    least_conn;\n' : ''}${servers}
  }
  server {
    listen 127.0.0.1:${port};
    add_header X-Gen ${gen} always;
    location = /nginx_status { stub_status; access_log off; }
    location / { proxy_pass http://web; }
  }
}
`,
    );
    chmodSync(confPath, 0o644);
  };
  write(opts.weights ?? ups.map(() => 1));
  const child = launch(NGINX, ['-p', dir, '-c', confPath, '-e', join(dir, 'error.log')]);
  const url = `http://127.0.0.1:${port}/`;
  const ready = async (g: number): Promise<void> => {
    await waitFor(async () => {
      if (child.exitCode !== null)
        throw new Error(`nginx exited: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
      return (await probe(`${url}nginx_status`))?.gen === String(g);
    }, `nginx config ${g} answering`);
  };
  await ready(gen);
  // The log is made by nginx as it starts; the SSH test user reads it.
  await waitFor(() => existsSync(logPath), 'the access log');
  chmodSync(logPath, 0o644);
  return {
    port,
    url,
    statusUrl: `${url}nginx_status`,
    logPath,
    confPath,
    setWeights: async (weights) => {
      const old = child.pid ? childrenOf(child.pid) : [];
      write(weights);
      child.kill('SIGHUP');
      await ready(gen);
      // One answer from the new config is not enough: the old worker (old weights) still takes
      // connections until it has shut down. Requests sent after it is gone meet the new weights.
      await waitFor(
        () => !old.some((pid) => childrenOf(child.pid!).includes(pid)),
        'the old nginx worker gone',
      );
    },
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestHaproxy {
  url: string;
  /** A second frontend whose backend (`web_lc`) balances by least connections. */
  leastConnUrl: string;
  socket: string;
  /** Sends one admin command ("set weight web/web-1 3") over the socket; returns its answer. */
  admin(command: string): string;
  stop(): Promise<void>;
}

/**
 * HAProxy in front of `ups`, servers named `names` (the group's host ids): backend `web` by
 * round robin and `web_lc` by least connections, each with its frontend; an admin socket anyone
 * on this machine may use (the SSH test user asks it through socat).
 */
export async function startHaproxy(ups: Upstream[], names: string[]): Promise<TestHaproxy> {
  const dir = sharedDir('gb-lb-haproxy-');
  const [p1, p2] = [await freePort(), await freePort()];
  const socket = join(dir, 'admin.sock');
  const servers = ups.map((u, i) => `  server ${names[i] ?? `s${i}`} ${u.addr} weight 1`).join('\n');
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    `global
  stats socket ${socket} mode 666 level admin
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend fe
  bind 127.0.0.1:${p1}
  default_backend web
frontend fe_lc
  bind 127.0.0.1:${p2}
  default_backend web_lc
backend web
  balance roundrobin
${servers}
backend web_lc
  balance leastconn
${servers}
`,
  );
  const child = launch(HAPROXY, ['-f', cfg, '-db']);
  const url = `http://127.0.0.1:${p1}/`;
  await waitFor(async () => {
    if (child.exitCode !== null)
      throw new Error(`haproxy exited: ${(child as unknown as { errText: string }).errText}`);
    return (
      existsSync(socket) && (await probe(url)) !== null && (await probe(`http://127.0.0.1:${p2}/`)) !== null
    );
  }, 'haproxy answering');
  return {
    url,
    leastConnUrl: `http://127.0.0.1:${p2}/`,
    socket,
    admin: (command) =>
      execFileSync(SOCAT, ['-', `UNIX-CONNECT:${socket}`], { input: `${command}\n` }).toString(),
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

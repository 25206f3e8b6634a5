// A real nginx on 127.0.0.1 for the HTTP probe integration tests: its own prefix dir, config,
// certificates (made with the openssl CLI, signed by a test CA) and ports, run in the foreground
// so the test process owns it. Not for production use. Directives: https://nginx.org/en/docs/
import { randomBytes } from 'node:crypto';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NGINX = '/usr/sbin/nginx';
const OPENSSL = '/usr/bin/openssl';
const SETPRIV = '/usr/bin/setpriv';
const READY_TIMEOUT_MS = 10_000;

/** The four sites: http with gzip, http without, and https with a short- and a long-lived certificate. */
export type NginxSite = 'gzip' | 'plain' | 'tlsShort' | 'tlsLong';

/**
 * A running test nginx. Every site serves the same paths:
 * `/index.html` (small page), `/app.js` (~400 KB of JavaScript, no cache headers),
 * `/static/app.js` and `/static/logo.png` (Cache-Control: public, max-age=31536000, immutable),
 * `/small.css` (under 1 KB), `/status.json` (`{"status":"ok","checks":[{"name":"db","up":true}]}`),
 * `/health` ("healthy"), `/slow?ms=N` (answers after N ms) and `/stall` (never answers).
 */
export interface TestNginx {
  ports: Record<NginxSite, number>;
  /** `http(s)://host:port/path` for a site; host defaults to 127.0.0.1 (both certs also name localhost). */
  url(site: NginxSite, path: string, host?: string): string;
  /** PEM of the CA that signed both certificates ("Greenboard Test CA"). */
  caPem: string;
  /** Days each certificate is valid from now. */
  certDays: { tlsShort: number; tlsLong: number };
  dir: string;
  /** Stops nginx and the slow upstream and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** True when nginx and openssl are installed (scripts/ensure-system-deps.mjs installs them). */
export function nginxAvailable(): boolean {
  return existsSync(NGINX) && existsSync(OPENSSL);
}

/** `n` distinct ports nothing listens on right now: all held open at once, then released. */
async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (srv) =>
        new Promise<number>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            resolve(typeof addr === 'object' && addr ? addr.port : 0);
          });
        }),
    ),
  );
  await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
  return ports;
}

/** A port nothing listens on right now, e.g. for "connection refused" tests. */
export async function freePort(): Promise<number> {
  const [port = 0] = await freePorts(1);
  return port;
}

const OPENSSL_CNF = `[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
authorityKeyIdentifier = keyid
`;

/** A test CA ("Greenboard Test CA") and one server certificate per site, valid for its days from now. */
function makeCerts(dir: string, certDays: TestNginx['certDays']): void {
  const cnf = join(dir, 'openssl.cnf');
  writeFileSync(cnf, OPENSSL_CNF);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const run = (args: string[]): void => {
    execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ca = ['-subj', '/CN=Greenboard Test CA', '-days', '30', '-keyout', 'ca.key', '-out', 'ca.crt'];
  run(['req', '-x509', '-config', cnf, '-extensions', 'ca', ...ec, ...ca]);
  for (const [name, days] of Object.entries(certDays)) {
    const key = ['-subj', '/CN=localhost', '-keyout', `${name}.key`, '-out', `${name}.csr`];
    run(['req', '-new', '-config', cnf, ...ec, ...key]);
    const serial = `0x${randomBytes(8).toString('hex')}`;
    const sign = ['-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', serial];
    const ext = ['-extfile', cnf, '-extensions', 'leaf', '-days', String(days), '-out', `${name}.crt`];
    run(['x509', '-req', '-in', `${name}.csr`, ...sign, ...ext]);
  }
}

/** Deterministic text that compresses like real code (about 4:1), not like a repeated line. */
function fakeScript(bytes: number): string {
  const words = 'const let user order item price total cart render state props value index list map'
    .concat(' filter reduce fetch response json error status config options module export default')
    .split(' ');
  let seed = 42;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return (seed >>> 8) % n;
  };
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const w = Array.from({ length: 3 + next(5) }, () => words[next(words.length)]).join('_');
    const line = `export const ${w}${i} = (${next(1e6)}, "${w.slice(0, 12)}${next(1e4)}");\n`;
    out.push(line);
    size += line.length;
  }
  return out.join('');
}

function writeSite(www: string): void {
  mkdirSync(join(www, 'static'), { recursive: true });
  const js = fakeScript(412 * 1024);
  writeFileSync(join(www, 'index.html'), '<!doctype html><title>Greenboard test</title><p>hello</p>\n');
  writeFileSync(join(www, 'app.js'), js);
  writeFileSync(join(www, 'static', 'app.js'), js);
  writeFileSync(join(www, 'small.css'), 'body { margin: 0; font-family: sans-serif; }\n');
  writeFileSync(join(www, 'status.json'), '{"status":"ok","checks":[{"name":"db","up":true}]}\n');
  // PNG signature, then bytes that do not compress, as image data does not.
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(20_000)]);
  writeFileSync(join(www, 'static', 'logo.png'), png);
}

function nginxConf(dir: string, ports: TestNginx['ports'], upstream: number): string {
  const locations = `
    location /static/ { add_header Cache-Control "public, max-age=31536000, immutable"; }
    location = /health { default_type text/plain; return 200 "healthy\\n"; }
    location /slow { proxy_pass http://127.0.0.1:${upstream}; }
    location /stall { proxy_pass http://127.0.0.1:${upstream}; }`;
  const tls = (name: string): string =>
    `ssl_certificate ${join(dir, `${name}.crt`)}; ssl_certificate_key ${join(dir, `${name}.key`)};`;
  const tmp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (t) => `${t}_temp_path ${dir}/tmp/${t};`,
  );
  // master_process off: one process, running as whoever started it (root included), so no
  // worker has to read the temp dir as another user, and one kill ends it.
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  types { text/html html; text/css css; application/javascript js; application/json json; image/png png; }
  default_type application/octet-stream;
  access_log off;
  # nginx closes a keep-alive connection after 1000 requests (its default); a load test sends
  # the next request the moment an answer arrives and races that close into ECONNRESET (seen
  # in about 2 runs of 3 on a loaded machine). Raised here so the tests count only real errors.
  keepalive_requests 1000000;
  ${tmp.join('\n  ')}
  root ${dir}/www;
  gzip_comp_level 6;
  gzip_min_length 1024;
  gzip_types text/css application/javascript application/json text/plain;
  proxy_read_timeout 120s;
  server { listen 127.0.0.1:${ports.gzip}; gzip on; ${locations} }
  server { listen 127.0.0.1:${ports.plain}; gzip off; ${locations} }
  server { listen 127.0.0.1:${ports.tlsShort} ssl; ${tls('tlsShort')} gzip on; ${locations} }
  server { listen 127.0.0.1:${ports.tlsLong} ssl; ${tls('tlsLong')} gzip on; ${locations} }
}
`;
}

/** The upstream behind /slow and /stall: a tiny Node server in the test process. */
function startUpstream(): Promise<{ server: Server; port: number }> {
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    if (url.pathname === '/stall') return; // never answers; closeAllConnections ends it
    const ms = Number(url.searchParams.get('ms') ?? 0);
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(`{"slept":${ms}}`), ms);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : 0 });
    }),
  );
}

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

const live = new Set<ChildProcess>();
// Synchronous on purpose: 'exit' handlers cannot await.
process.on('exit', () => live.forEach((c) => c.kill('SIGKILL')));

async function launch(dir: string, ports: TestNginx['ports']): Promise<ChildProcess> {
  const errorLog = join(dir, 'error.log');
  // Fresh per attempt, so a retry is not judged by the last attempt's bind error.
  writeFileSync(errorLog, '');
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', errorLog];
  // setpriv --pdeathsig: nginx dies with the test process even if that is SIGKILLed.
  const [cmd, ...rest] = existsSync(SETPRIV)
    ? [SETPRIV, '--pdeathsig', 'KILL', NGINX, ...args]
    : [NGINX, ...args];
  const child = spawn(cmd ?? NGINX, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4096)));
  child.once('exit', () => live.delete(child));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (child.exitCode === null && Date.now() < deadline) {
    const up = await Promise.all(Object.values(ports).map(accepts));
    if (up.every(Boolean)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopChild(child);
  const log = readFileSync(errorLog, 'utf8');
  throw new Error(`Test nginx did not start. nginx said:\n${stderr}${log}`.trimEnd());
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Starts nginx on free 127.0.0.1 ports with the four sites of {@link TestNginx}. Certificates
 * default to 2 days (close to expiry) and 60 days.
 */
export async function startNginx(certDays = { tlsShort: 2, tlsLong: 60 }): Promise<TestNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'gb-nginx-'));
  const upstream = await startUpstream();
  let child: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (child) await stopChild(child);
    upstream.server.closeAllConnections();
    await new Promise((r) => upstream.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    makeCerts(dir, certDays);
    writeSite(join(dir, 'www'));
    mkdirSync(join(dir, 'tmp'));
    for (let attempt = 1; ; attempt++) {
      const [gzip = 0, plain = 0, tlsShort = 0, tlsLong = 0] = await freePorts(4);
      const ports = { gzip, plain, tlsShort, tlsLong };
      writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, ports, upstream.port));
      try {
        child = await launch(dir, ports);
      } catch (e) {
        // Another process took a port between our probe and nginx's bind: pick others.
        if (attempt < 5 && /Address already in use/.test(String(e))) continue;
        throw e;
      }
      let stopped: Promise<void> | undefined;
      return {
        ports,
        url: (site, path, host = '127.0.0.1') =>
          `${site.startsWith('tls') ? 'https' : 'http'}://${host}:${ports[site]}${path}`,
        caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
        certDays,
        dir,
        stop: () => (stopped ??= stop()),
      };
    }
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Appended to a test suite's title: says why it was skipped, and nothing when it runs. */
export function nginxSkipNote(): string {
  return nginxAvailable() ? '' : ' (skipped: nginx or openssl not installed)';
}

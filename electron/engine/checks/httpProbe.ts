import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { rootCertificates, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { ProbeCert, ProbeDef, ProbeErrorKind, ProbeResult } from '../../../shared/probes';
import { BodyReader } from './bodyReader';
import { checkExpectations } from './expectations';
import { describeError, describeTimeout, describeTrustError, type ProbeProgress } from './probeErrors';

/** The most of a body a probe reads (decoded); the rest is cut off and the result says so. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

const USER_AGENT = 'Greenboard-probe/1';
const DAY_MS = 86_400_000;

export interface RunProbeOptions {
  /** Extra CA certificates (PEM) to trust beside Node's bundled roots, e.g. a test or company CA. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Wall clock for `ts` and the certificate's days left. Default `Date.now`. */
  now?: () => number;
  /** Default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** Aborts the run; the result then carries the error "cancelled". */
  signal?: AbortSignal;
}

/** One run: the result to keep, and the decoded body (up to the cap) for audits. */
export interface ProbeRun {
  result: ProbeResult;
  body: Buffer;
}

/** performance.now() at each milestone; undefined until reached. */
interface Marks {
  lookup?: number;
  connect?: number;
  secure?: number;
  response?: number;
  end?: number;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
const span = (from: number | undefined, to: number | undefined): number | null =>
  from === undefined || to === undefined ? null : round(Math.max(0, to - from));

function dnName(dn: PeerCertificate['subject'] | undefined): string {
  // Node types these as strings, but a repeated attribute arrives as an array.
  const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
  const cn = first(dn?.CN);
  const o = first(dn?.O);
  if (cn && o && cn !== o) return `${cn} (${o})`;
  return cn ?? o ?? '(unnamed)';
}

function readCert(
  socket: TLSSocket,
  host: string,
  ts: number,
): { cert: ProbeCert | null; trust: string | null } {
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return { cert: null, trust: null };
  const validFrom = Date.parse(peer.valid_from);
  const validTo = Date.parse(peer.valid_to);
  const cert: ProbeCert = {
    subject: dnName(peer.subject),
    issuer: dnName(peer.issuer),
    validFrom,
    validTo,
    daysLeft: Math.round(((validTo - ts) / DAY_MS) * 100) / 100,
    trusted: socket.authorized,
  };
  const code = socket.authorizationError;
  const trust = socket.authorized ? null : describeTrustError(String(code), host, validFrom, validTo);
  return { cert, trust };
}

function header(res: IncomingMessage | undefined, name: string): string | null {
  const v = res?.headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Runs one HTTP(S) request for a probe and measures it phase by phase. Every run opens its own
 * connection (no keep-alive agent), so DNS, TCP and TLS are measured each time, as a first
 * visitor would see them. node:http is used rather than fetch because only the socket's
 * `lookup`, `connect` and `secureConnect` events give those phases.
 *
 * An untrusted certificate does not stop the request: the handshake completes without
 * verification, the timings and the certificate are reported, and (when `def.verifyTls`) the
 * result carries the failure "certificate not trusted: ...". Never rejects: every failure is
 * in the result, in words.
 */
export function runProbe(def: ProbeDef, opts: RunProbeOptions = {}): Promise<ProbeRun> {
  const ts = (opts.now ?? Date.now)();
  const cap = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const url = new URL(def.url);
  const isHttps = url.protocol === 'https:';
  // An IP literal is never looked up: its DNS phase is zero, not missing.
  const isLiteral = isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
  const t0 = performance.now();
  const marks: Marks = {};
  let res: IncomingMessage | undefined;
  let reader: BodyReader | undefined;
  let cert: ProbeCert | null = null;
  let trust: string | null = null;
  let remoteAddress: string | null = null;
  const progress = (): ProbeProgress => ({
    resolved: isLiteral || marks.lookup !== undefined,
    connected: marks.connect !== undefined,
    secured: isHttps ? marks.secure !== undefined : null,
    responded: marks.response !== undefined,
  });

  return new Promise<ProbeRun>((resolve) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const finish = (failure?: { kind: ProbeErrorKind; message: string }): void => {
      if (settled) return;
      settled = true;
      const tEnd = performance.now();
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      req?.destroy();
      const body = reader?.body() ?? Buffer.alloc(0);
      const status = res?.statusCode ?? null;
      const failures: string[] = [];
      if (trust && def.verifyTls) failures.push(trust);
      if (!failure && status !== null)
        failures.push(...checkExpectations(def, status, body, !!reader?.truncated));
      const dnsEnd = isLiteral ? t0 : marks.lookup;
      const ready = isHttps ? marks.secure : marks.connect;
      const result: ProbeResult = {
        probeId: def.id,
        ts,
        fromHostId: null,
        ok: !failure && failures.length === 0,
        status,
        error: failure?.message ?? null,
        errorKind: failure?.kind ?? null,
        failures,
        timings: {
          dnsMs: span(t0, dnsEnd),
          connectMs: span(dnsEnd, marks.connect),
          tlsMs: isHttps ? span(marks.connect, marks.secure) : null,
          ttfbMs: span(ready, marks.response),
          downloadMs: span(marks.response, marks.end),
          totalMs: round((marks.end ?? tEnd) - t0),
        },
        remoteAddress,
        bytes: reader?.bytes ?? 0,
        decodedBytes: reader?.decodedBytes ?? 0,
        truncated: reader?.truncated ?? false,
        contentType: header(res, 'content-type'),
        contentEncoding: header(res, 'content-encoding'),
        cacheControl: header(res, 'cache-control'),
        expires: header(res, 'expires'),
        hasEtag: header(res, 'etag') !== null,
        hasLastModified: header(res, 'last-modified') !== null,
        cert,
      };
      resolve({ result, body });
    };
    const fail = (err: unknown): void => finish(describeError(err, progress(), url));
    const onAbort = (): void => finish({ kind: 'other', message: 'cancelled' });
    const timer = setTimeout(
      () => finish({ kind: 'timeout', message: describeTimeout(def.timeoutMs, progress(), url) }),
      def.timeoutMs,
    );

    try {
      req = (isHttps ? https : http).request(url, {
        method: def.method,
        headers: { 'user-agent': USER_AGENT, ...def.headers, 'accept-encoding': 'gzip, br' },
        agent: false,
        // Verified by hand in readCert, so an untrusted certificate is reported, not fatal.
        ...(isHttps && {
          rejectUnauthorized: false,
          ...(opts.ca !== undefined && { ca: [...rootCertificates, ...[opts.ca].flat()] }),
        }),
      });
    } catch (e) {
      // Node throws rather than emits for a header or option it cannot send.
      const why = e instanceof Error ? e.message : String(e);
      return finish({ kind: 'other', message: `the request could not be sent: ${why}` });
    }
    req.once('socket', (socket: Socket) => {
      socket.once('lookup', () => (marks.lookup ??= performance.now()));
      socket.once('connect', () => {
        marks.connect = performance.now();
        remoteAddress = socket.remoteAddress ?? null;
      });
      socket.once('secureConnect', () => {
        marks.secure = performance.now();
        ({ cert, trust } = readCert(socket as TLSSocket, url.hostname, ts));
      });
    });
    // `on`, not `once`: a destroyed request can report a second error, which must not go unhandled.
    req.on('error', fail);
    req.once('response', (r) => {
      marks.response = performance.now();
      res = r;
      const encoding = header(r, 'content-encoding')?.trim().toLowerCase() ?? null;
      reader = new BodyReader(r, encoding, cap);
      reader.done.then(() => {
        marks.end = performance.now();
        finish();
      }, fail);
    });
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    req.end();
  });
}

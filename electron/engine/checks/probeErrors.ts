import type { ProbeErrorKind } from '../../../shared/probes';
import { redactUrls } from '../../../shared/redactUrl';

/** How far a request got, for saying where a timeout or failure struck. */
export interface ProbeProgress {
  resolved: boolean;
  connected: boolean;
  /** Null for http. */
  secured: boolean | null;
  responded: boolean;
}

/** "2 s", "1.5 s", "800 ms". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** UTC, so the same certificate reads the same everywhere: "Nov 30". */
export function formatDay(ts: number): string {
  return new Date(ts).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

function waitingFor(p: ProbeProgress, url: URL): string {
  if (!p.resolved) return `the DNS lookup of ${url.hostname}`;
  if (!p.connected) return `the TCP connection to ${hostPort(url)}`;
  if (p.secured === false) return 'the TLS handshake';
  if (!p.responded) return 'the response headers (connected, request sent)';
  return 'the rest of the body';
}

/** The words for a probe that ran out of time. */
export function describeTimeout(timeoutMs: number, p: ProbeProgress, url: URL): string {
  return `timed out after ${formatMs(timeoutMs)} waiting for ${waitingFor(p, url)}`;
}

/**
 * Turns a socket, TLS or HTTP parser error into a kind and a sentence that says what to check.
 * Codes: https://nodejs.org/api/errors.html#common-system-errors
 */
export function describeError(
  err: unknown,
  p: ProbeProgress,
  url: URL,
): { kind: ProbeErrorKind; message: string } {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ?? '';
  const raw = redactUrls(e?.message ?? String(err));
  const at = hostPort(url);
  switch (code) {
    case 'ECONNREFUSED':
      return {
        kind: 'refused',
        message: `connection refused by ${at}: nothing is listening there (is the service running?)`,
      };
    case 'ENOTFOUND':
      return { kind: 'dns', message: `DNS lookup failed: ${url.hostname} does not exist` };
    case 'EAI_AGAIN':
      return { kind: 'dns', message: `DNS lookup of ${url.hostname} failed for now (is DNS reachable?)` };
    case 'ETIMEDOUT':
      return { kind: 'timeout', message: `the TCP connection to ${at} timed out (firewall or host down?)` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { kind: 'other', message: `no route to ${at} (network down or wrong address?)` };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        kind: 'reset',
        message: p.responded
          ? `the server closed the connection before the body was complete`
          : `the server closed the connection before answering${p.secured === false ? ' (during the TLS handshake)' : ''}`,
      };
    case 'EBADBODY':
      return { kind: 'protocol', message: raw };
  }
  if (code.startsWith('HPE_')) {
    return { kind: 'protocol', message: `the server's answer is not valid HTTP (${raw})` };
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || p.secured === false) {
    return { kind: 'tls', message: `TLS handshake with ${at} failed: ${raw}` };
  }
  return { kind: 'other', message: code ? `${raw} (${code})` : raw };
}

/**
 * Why Node would not trust a certificate, in words. `authorizationError` holds an OpenSSL
 * verify code or the code of the hostname check:
 * https://nodejs.org/api/tls.html#x509-certificate-error-codes
 */
export function describeTrustError(code: string, host: string, validFrom: number, validTo: number): string {
  const why: Record<string, string> = {
    DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
    SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed CA this machine does not trust',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      'its issuer is unknown here (private CA, or the server does not send its intermediate certificate)',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
      'its issuer is unknown here (private CA, or the server does not send its intermediate certificate)',
    UNABLE_TO_GET_ISSUER_CERT: 'its issuer certificate could not be found',
    CERT_HAS_EXPIRED: `it expired on ${formatDay(validTo)}`,
    CERT_NOT_YET_VALID: `it is not valid until ${formatDay(validFrom)}`,
    ERR_TLS_CERT_ALTNAME_INVALID: `it is not issued for ${host}`,
    CERT_REVOKED: 'it has been revoked',
  };
  return `certificate not trusted: ${why[code] ?? code}`;
}

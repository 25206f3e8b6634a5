import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token per run, like Jupyter's: whoever has the printed URL has access. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The token a request presents: `Authorization: Bearer T`, or `?token=T`. */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get('token');
}

/** 'missing' → 401, 'wrong' → 403. Compared in constant time. */
export function checkToken(expected: string, presented: string | null): 'ok' | 'missing' | 'wrong' {
  if (!presented) return 'missing';
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'wrong';
}

/**
 * Browsers always send Origin on a WebSocket handshake, and a page on another site can open a
 * socket to localhost; only our own origin may connect. Non-browser clients send none and
 * still need the token. https://developer.mozilla.org/docs/Web/HTTP/Headers/Origin
 */
export function originAllowed(origin: string | undefined, port: number, bindHost: string): boolean {
  if (origin === undefined) return true;
  const allowed = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
  allowed.add(`http://${bindHost.includes(':') ? `[${bindHost}]` : bindHost}:${port}`);
  return allowed.has(origin);
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token per run, like Jupyter's: whoever has the printed URL has access. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The token a request presents: `Authorization: Bearer T`, or `?token=T`. The scheme name is
 * case-insensitive (https://www.rfc-editor.org/rfc/rfc9110#section-11.1), so `bearer T` counts.
 */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const bearer = /^bearer[ \t]+(.*)$/i.exec(req.headers.authorization ?? '');
  const token = bearer?.[1]?.trim();
  if (token) return token;
  return url.searchParams.get('token');
}

/** 'missing' → 401, 'wrong' → 403. Compared in constant time. */
export function checkToken(expected: string, presented: string | null): 'ok' | 'missing' | 'wrong' {
  if (!presented) return 'missing';
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'wrong';
}

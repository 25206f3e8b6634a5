import { stdSerializers } from 'pino';
import { redactUrls } from '../../../shared/redactUrl';

/**
 * What the log never holds. Two layers: keys that name a secret are censored wherever they sit
 * in a record (pino's `redact`, by path), and secrets that ride inside free text (a webhook URL
 * with `user:pass@` in an error message, a `Bearer` header echoed back, a `?token=` query) are
 * masked in every string, because no path can reach into the middle of a string.
 */

/** Keys whose value is a secret, whatever object they are in. */
export const SECRET_KEYS = [
  'password',
  'passphrase',
  'token',
  'scrapeToken',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'privateKey',
  'apiKey',
  // A chat webhook's path is itself the credential (hooks.slack.com/services/T…/B…/X…).
  'webhookUrl',
] as const;

export const CENSOR = '[redacted]';

/** pino `redact` paths: each key at the top of a record and up to three levels down. */
export function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`);
  }
  return paths;
}

// The whole value of an Authorization header quoted in text, whatever its scheme.
const AUTH_HEADER = /(authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"',;)]+/gi;
// A bearer token elsewhere; "Basic" alone is too common a word to key on.
const BEARER = /\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
// A secret query parameter of a relative URL (`/metrics?token=…`); absolute URLs go through redactUrls.
const QUERY_SECRET = /([?&](?:token|access_token|api_key|apikey|password|secret)=)[^&\s"'#]+/gi;

/**
 * Masks credentials inside free text: everything `redactUrls` hides in a URL (user info,
 * token-like query parameters, webhook paths that are the secret), Authorization values, and
 * secret parameters of relative URLs.
 */
export function scrubText(text: string): string {
  return redactUrls(text)
    .replace(AUTH_HEADER, `$1${CENSOR}`)
    .replace(BEARER, `$1 ${CENSOR}`)
    .replace(QUERY_SECRET, `$1${CENSOR}`);
}

/**
 * A log record's fields with every string scrubbed, at any depth. Errors become plain
 * `{ type, message, stack, … }` first, so their message and stack are scrubbed too. Done on
 * values, before serialisation: a regular expression run over a finished JSON line could cut
 * through an escape and break the line.
 */
export function scrubFields(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return scrubFields(stdSerializers.err(value), depth, seen);
  if (seen.has(value) || depth > 10) return '[…]';
  seen.add(value);
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return scrubFields(withJson.toJSON(), depth + 1, seen);
  if (Array.isArray(value)) return value.map((v: unknown) => scrubFields(v, depth + 1, seen));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubFields(v, depth + 1, seen)]));
}

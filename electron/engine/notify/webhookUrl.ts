/** An error value in the engine's envelope shape: a code and a message saying what to do. */
export interface WebhookError {
  code: 'webhook_invalid_url';
  message: string;
}

/** Thrown by the constructor and `setUrl` when the URL cannot be used. */
export class WebhookConfigError extends Error {
  constructor(readonly error: WebhookError) {
    super(error.message);
    this.name = 'WebhookConfigError';
  }
}

/**
 * Checks a webhook URL before anything is queued for it. Only http and https: fetch would
 * also accept data: and blob:, which never reach a receiver. Messages never echo the URL
 * back, since a Slack webhook URL is itself the secret.
 */
export function validateWebhookUrl(url: string): { ok: true; url: URL } | { ok: false; error: WebhookError } {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return invalid('That webhook URL is not a valid URL. Paste the full address, starting with https://.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return invalid(
      `Webhook URLs must start with https:// (or http:// for a local receiver), not ${parsed.protocol}//.`,
    );
  }
  return { ok: true, url: parsed };
}

function invalid(message: string): { ok: false; error: WebhookError } {
  return { ok: false, error: { code: 'webhook_invalid_url', message } };
}

/**
 * Moves a `user:password@` out of the URL into a Basic `Authorization` value: fetch refuses a URL
 * with credentials in it, and the URL then holds no secret that an error message could carry.
 */
export function splitCredentials(url: URL): { url: URL; authorization: string | null } {
  if (!url.username && !url.password) return { url, authorization: null };
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { url: bare, authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

import type Database from 'better-sqlite3';
import { silentLogger, systemClock, type Clock, type Logger } from '../clock';
import { DeliveryStore, type DeliveryLogEntry } from './deliveryStore';
import {
  backoffDelay,
  defaultRetryPolicy,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retryPolicy';
import { buildAlertMessage, type AlertEvent, type WebhookMessage } from './slackMessage';
import { splitCredentials, validateWebhookUrl, WebhookConfigError } from './webhookUrl';
import { redactUrls } from '../../../shared/redactUrl';

export type { AlertEvent, WebhookMessage } from './slackMessage';
export type { DeliveryLogEntry, DeliveryState } from './deliveryStore';
export type { RetryPolicy } from './retryPolicy';
export { validateWebhookUrl, WebhookConfigError, type WebhookError } from './webhookUrl';

/** What a `WebhookChannel` needs; everything but `db`, `name` and `url` has a default. */
export interface WebhookChannelOptions {
  /** The app's database; the channel keeps its queue and log in `webhook_deliveries`. */
  db: Database.Database;
  /** Stable id of the channel ("ops-slack"); rows are keyed by it, so keep it across restarts. */
  name: string;
  url: string;
  clock?: Clock;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout for connect + response. */
  attemptTimeoutMs?: number;
  /** Jitter source; tests may pin it. */
  random?: () => number;
}

type Outcome =
  | { kind: 'sent' }
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs?: number }
  | { kind: 'fail'; status: number | null; error: string }
  | { kind: 'interrupted' };

const BODY_SNIPPET_CHARS = 200;

/**
 * One webhook destination with a persistent FIFO queue. `enqueue` writes the message to SQLite
 * and returns at once; a single sender POSTs the oldest pending message, retrying network
 * errors, timeouts, 5xx and 429 with exponential backoff (honouring Retry-After) up to
 * `maxAttempts`. Other 4xx fail at once. Failed messages stay in the log and the queue moves
 * on. Create one channel per name per database, or both would send the same rows.
 *
 * Silencing and deduplication are the rule engine's job: whatever is enqueued is sent.
 */
export class WebhookChannel {
  readonly name: string;
  private url: URL;
  /** `Basic …` from a `user:password@` in the URL, which fetch refuses to send itself. */
  private authorization: string | null = null;
  private readonly store: DeliveryStore;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly random: () => number;
  private readonly closing = new AbortController();
  private started = false;
  private running: Promise<void> | null = null;
  private rerun = false;
  private timer: unknown = null;

  /** Throws `WebhookConfigError` when the URL is not http(s). Call `start()` to begin sending. */
  constructor(opts: WebhookChannelOptions) {
    const checked = validateWebhookUrl(opts.url);
    if (!checked.ok) throw new WebhookConfigError(checked.error);
    ({ url: this.url, authorization: this.authorization } = splitCredentials(checked.url));
    this.name = opts.name;
    this.store = new DeliveryStore(opts.db, opts.name);
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.policy = { ...defaultRetryPolicy, ...opts.retry };
    this.timeoutMs = opts.attemptTimeoutMs ?? 10_000;
    this.random = opts.random ?? Math.random;
  }

  /** Starts sending, beginning with whatever was still pending when the app last stopped. */
  start(): void {
    if (this.closing.signal.aborted)
      throw new Error(`Webhook channel ${this.name} is closed; create a new one.`);
    this.started = true;
    this.kick();
  }

  /** Queues a raw message; returns its delivery id. Safe to call before `start()`. */
  enqueue(message: WebhookMessage): number {
    const id = this.store.insert(JSON.stringify(message), this.clock.now());
    this.kick();
    return id;
  }

  /** Queues the message for one alert event; returns its delivery id. */
  notify(event: AlertEvent): number {
    return this.enqueue(buildAlertMessage(event));
  }

  /**
   * Points the channel at a new URL and retries everything pending now, instead of waiting
   * out the backoff earned against the old one.
   */
  setUrl(url: string): void {
    const checked = validateWebhookUrl(url);
    if (!checked.ok) throw new WebhookConfigError(checked.error);
    ({ url: this.url, authorization: this.authorization } = splitCredentials(checked.url));
    this.retryNow();
  }

  /** Makes every pending message due now ("Retry now" in the UI). */
  retryNow(): void {
    this.store.makeAllDue(this.clock.now());
    this.kick();
  }

  /** The delivery log of this channel, newest first. */
  log(limit = 50): DeliveryLogEntry[] {
    return this.store.log(limit);
  }

  /** How many messages are waiting to be sent. */
  pendingCount(): number {
    return this.store.pendingCount();
  }

  /**
   * Stops sending. An in-flight POST is aborted and does not count as an attempt; its message
   * stays pending for the next channel on this database. Does not close the database.
   */
  async close(): Promise<void> {
    this.closing.abort();
    this.clearTimer();
    await this.running;
  }

  /** Runs the sender unless it is running already, in which case it runs once more after. */
  private kick(): void {
    if (!this.started || this.closing.signal.aborted) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.clearTimer();
    this.running = this.drain()
      .catch((err: unknown) => {
        // Most likely the database was closed under us; nothing to retry into.
        this.logger.error(`webhook ${this.name}: sender stopped`, { error: String(err) });
      })
      .finally(() => {
        this.running = null;
        if (this.rerun) {
          this.rerun = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.closing.signal.aborted) return;
      this.rerun = false;
      const head = this.store.head();
      if (!head) return;
      const wait = head.nextAttemptAt - this.clock.now();
      if (wait > 0) {
        this.timer = this.clock.setTimeout(() => this.kick(), wait);
        return;
      }
      const outcome = await this.attempt(head.payload);
      if (outcome.kind === 'interrupted') return;
      const attempts = head.attempts + 1;
      this.record(head.id, attempts, outcome);
    }
  }

  private record(id: number, attempts: number, outcome: Exclude<Outcome, { kind: 'interrupted' }>): void {
    const now = this.clock.now();
    if (outcome.kind === 'sent') {
      this.store.markSent(id, attempts, now);
      return;
    }
    if (outcome.kind === 'fail') {
      this.store.markFailed(id, attempts, outcome.status, outcome.error);
      this.logger.warn(`webhook ${this.name}: message ${id} failed`, { error: outcome.error });
      return;
    }
    if (attempts >= this.policy.maxAttempts) {
      const error = `Gave up after ${attempts} attempts. Last error: ${outcome.error}`;
      this.store.markFailed(id, attempts, outcome.status, error);
      this.logger.warn(`webhook ${this.name}: message ${id} failed`, { error });
      return;
    }
    const backoff = backoffDelay(attempts, this.policy, this.random);
    const delay = Math.max(backoff, Math.min(outcome.retryAfterMs ?? 0, this.policy.maxRetryAfterMs));
    const error = `${outcome.error} Will retry (attempt ${attempts + 1} of ${this.policy.maxAttempts}).`;
    this.store.markRetry(id, attempts, now + delay, outcome.status, error);
  }

  private async attempt(payload: string): Promise<Outcome> {
    const signal = AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.closing.signal]);
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
        body: payload,
        signal,
      });
    } catch (err) {
      return this.networkOutcome(err);
    }
    if (res.ok) {
      // Drain the body so the keep-alive connection can carry the next message.
      await res.arrayBuffer().catch(() => undefined);
      return { kind: 'sent' };
    }
    const snippet = await readSnippet(res);
    const said = snippet ? `: ${snippet}` : '';
    if (isRetryableStatus(res.status)) {
      return {
        kind: 'retry',
        status: res.status,
        error: `The webhook answered HTTP ${res.status}${said}.`,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), this.clock.now()),
      };
    }
    return {
      kind: 'fail',
      status: res.status,
      error:
        `The webhook rejected the message with HTTP ${res.status}${said}. It will not be retried; ` +
        'check that the webhook URL is current and the receiving channel still exists.',
    };
  }

  private networkOutcome(err: unknown): Outcome {
    if (this.closing.signal.aborted) return { kind: 'interrupted' };
    if (err instanceof Error && err.name === 'TimeoutError') {
      return {
        kind: 'retry',
        status: null,
        error: `The webhook did not answer within ${Math.round(this.timeoutMs / 1000)} s.`,
      };
    }
    return {
      kind: 'retry',
      status: null,
      error: `Could not reach the webhook (${describeNetworkError(err)}). Check the network and the URL's host.`,
    };
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

/** undici wraps the useful part ("ECONNREFUSED", "ENOTFOUND") in `cause`. */
function describeNetworkError(err: unknown): string {
  return redactUrls(networkErrorText(err));
}

function networkErrorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause: unknown = err.cause;
  if (cause && typeof cause === 'object') {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    if (code) return code;
    if (cause instanceof Error) return cause.message;
  }
  return err.message;
}

async function readSnippet(res: Response): Promise<string> {
  try {
    // A receiver may echo the request URL back, secret and all.
    const text = redactUrls((await res.text()).replace(/\s+/g, ' ').trim());
    return text.length > BODY_SNIPPET_CHARS ? `${text.slice(0, BODY_SNIPPET_CHARS)}…` : text;
  } catch {
    return '';
  }
}

// A small client for the Prometheus HTTP API: instant and range queries, alerts, targets.
// Failures come back as values whose message says what to do; nothing here throws.
// API reference: https://prometheus.io/docs/prometheus/latest/querying/api/
import type { PrometheusAuth } from '../../../shared/prometheus';
import { redactUrls } from '../../../shared/redactUrl';

/** Why a call failed: `unreachable` and `timeout` mean the server, the others its answer. */
export type PromErrorCode =
  'unreachable' | 'timeout' | 'auth' | 'no_secret' | 'not_found' | 'http' | 'bad_response' | 'query_error';

export interface PromError {
  code: PromErrorCode;
  message: string;
}

export type PromResult<T> = { ok: true; data: T } | { ok: false; error: PromError };

/** One series of an instant vector: its labels and [unix seconds, value as text]. */
export interface PromVectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** One series of a range matrix. */
export interface PromMatrixSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/** An alert as /api/v1/alerts returns it. */
export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'firing' | 'pending' | 'inactive';
  activeAt?: string;
  value?: string;
}

/** One entry of /api/v1/targets `activeTargets`. */
export interface PromTarget {
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  lastScrape: string;
}

export interface PromClientOptions {
  /** Base URL, e.g. `http://prometheus:9090` or `https://mimir/prometheus`. */
  url: string;
  auth: PrometheusAuth;
  /** The bearer token or basic-auth password, kept by the caller (like SSH secrets). */
  secret?: string | null;
  /** Defaults to the global fetch; tests may pass their own. */
  fetch?: typeof fetch;
  /** Per request. Default 5000 ms. */
  timeoutMs?: number;
}

interface ApiBody {
  status?: unknown;
  data?: unknown;
  errorType?: unknown;
  error?: unknown;
}

const SETTINGS = 'Settings → Data sources';

/** Talks to one Prometheus; counts every request it sends in {@link PromClient.requests}. */
export class PromClient {
  /** Requests issued so far (queries, alerts, targets), for the bench and tests. */
  requests = 0;
  readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly opts: PromClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
    this.fetchFn = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }

  /** Instant query (POST, so long expressions never hit URL length limits). */
  query(expr: string, timeSec?: number): Promise<PromResult<PromVectorSample[]>> {
    const form: Record<string, string> = { query: expr };
    if (timeSec !== undefined) form.time = String(timeSec);
    return this.call<PromVectorSample[]>('/api/v1/query', form, 'vector');
  }

  /** Range query; times in unix seconds, step in seconds. */
  queryRange(
    expr: string,
    startSec: number,
    endSec: number,
    stepSec: number,
  ): Promise<PromResult<PromMatrixSeries[]>> {
    const form = { query: expr, start: String(startSec), end: String(endSec), step: String(stepSec) };
    return this.call<PromMatrixSeries[]>('/api/v1/query_range', form, 'matrix');
  }

  /** Every alert Prometheus' rules hold right now (firing and pending). */
  async alerts(): Promise<PromResult<PromAlert[]>> {
    const r = await this.call<{ alerts?: PromAlert[] }>('/api/v1/alerts');
    return r.ok ? { ok: true, data: Array.isArray(r.data.alerts) ? r.data.alerts : [] } : r;
  }

  /** Active scrape targets, for the reason a target is down (`lastError`). */
  async targets(): Promise<PromResult<PromTarget[]>> {
    const r = await this.call<{ activeTargets?: PromTarget[] }>('/api/v1/targets?state=active');
    return r.ok ? { ok: true, data: Array.isArray(r.data.activeTargets) ? r.data.activeTargets : [] } : r;
  }

  private authHeader(): PromResult<string | null> {
    const { auth, secret } = this.opts;
    if (auth.kind === 'none') return { ok: true, data: null };
    if (!secret) {
      const what = auth.kind === 'bearer' ? 'bearer token' : `password for ${auth.username}`;
      return this.fail(
        'no_secret',
        `No ${what} is stored for Prometheus at ${this.base}: enter it in ${SETTINGS}.`,
      );
    }
    if (auth.kind === 'bearer') return { ok: true, data: `Bearer ${secret}` };
    return { ok: true, data: `Basic ${Buffer.from(`${auth.username}:${secret}`).toString('base64')}` };
  }

  private fail(code: PromErrorCode, message: string): { ok: false; error: PromError } {
    // Messages name the source's URL, which may carry a user:password@ or a token.
    return { ok: false, error: { code, message: redactUrls(message) } };
  }

  private async call<T>(
    path: string,
    form?: Record<string, string>,
    resultType?: 'vector' | 'matrix',
  ): Promise<PromResult<T>> {
    const auth = this.authHeader();
    if (!auth.ok) return auth;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (auth.data) headers.Authorization = auth.data;
    if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    this.requests++;
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(this.base + path, {
        method: form ? 'POST' : 'GET',
        headers,
        body: form ? new URLSearchParams(form).toString() : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      return this.networkError(e);
    }
    return this.parse<T>(path, res.status, text, resultType);
  }

  private networkError(e: unknown): { ok: false; error: PromError } {
    const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      const s = Math.round(this.timeoutMs / 100) / 10;
      return this.fail(
        'timeout',
        `Prometheus at ${this.base} did not answer within ${s} s: is it running? Check the URL in ${SETTINGS}.`,
      );
    }
    const why = err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
    return this.fail(
      'unreachable',
      `Prometheus at ${this.base} is unreachable: ${why}. Is it running, and is the URL right? Check it in ${SETTINGS}.`,
    );
  }

  private parse<T>(path: string, status: number, text: string, resultType?: string): PromResult<T> {
    const at = `Prometheus at ${this.base}`;
    if (status === 401 || status === 403) {
      return this.fail(
        'auth',
        `${at} refused the credentials (HTTP ${status}). Check the token or user and password in ${SETTINGS}.`,
      );
    }
    if (status === 404) {
      return this.fail(
        'not_found',
        `${at} has no ${path.split('?')[0]} (HTTP 404). Use the server's base URL (without /graph) in ${SETTINGS}.`,
      );
    }
    let body: ApiBody | null = null;
    try {
      body = JSON.parse(text) as ApiBody;
    } catch {
      // Handled below: a proxy's HTML error page or a login form, not Prometheus.
    }
    if (body && body.status === 'error') {
      const kind = typeof body.errorType === 'string' ? `${body.errorType}: ` : '';
      return this.fail(
        'query_error',
        `${at} rejected a query: ${kind}${String(body.error)}. If it names the selector, fix it in ${SETTINGS}.`,
      );
    }
    if (status >= 400) {
      return this.fail(
        'http',
        `${at} failed with HTTP ${status}: ${text.slice(0, 200).trim()}. Try again shortly.`,
      );
    }
    if (!body || body.status !== 'success' || typeof body.data !== 'object' || body.data === null) {
      return this.fail(
        'bad_response',
        `${at} answered ${path.split('?')[0]} with something that is not the Prometheus API (${text.slice(0, 120).trim() || 'an empty body'}). Check that the URL in ${SETTINGS} is Prometheus itself, not a login page or another service.`,
      );
    }
    if (resultType) {
      const data = body.data as { resultType?: unknown; result?: unknown };
      if (data.resultType !== resultType || !Array.isArray(data.result)) {
        return this.fail(
          'bad_response',
          `${at} answered a query with a ${String(data.resultType)} instead of a ${resultType}. Check the URL in ${SETTINGS}.`,
        );
      }
      return { ok: true, data: data.result as T };
    }
    return { ok: true, data: body.data as T };
  }
}

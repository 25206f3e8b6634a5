import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../store/store';
import { Receiver } from '../testing/httpReceiver';
import {
  WebhookChannel,
  WebhookConfigError,
  validateWebhookUrl,
  type WebhookChannelOptions,
} from './webhook';

const FAST = { baseDelayMs: 5, maxDelayMs: 40, maxAttempts: 200 };

let dir: string;
let db: Database.Database;
const open: { channels: WebhookChannel[]; receivers: Receiver[] } = { channels: [], receivers: [] };

function channel(url: string, extra: Partial<WebhookChannelOptions> = {}): WebhookChannel {
  const ch = new WebhookChannel({ db, name: 'ops', url, retry: FAST, attemptTimeoutMs: 2_000, ...extra });
  open.channels.push(ch);
  ch.start();
  return ch;
}

async function receiver(port?: number): Promise<Receiver> {
  const r = await new Receiver().listen(port);
  open.receivers.push(r);
  return r;
}

const t0 = Date.UTC(2026, 10, 28, 14, 5);
const red = {
  hostName: 'db-1',
  from: 'green',
  to: 'red',
  reason: 'CPU 97% ≥ 95% for 2 min',
  at: t0,
} as const;
const msg = (i: number) => ({ text: `message ${i}` });

/** The app's own database, tables made by the store's migrations as in the app. */
function openDb(): Database.Database {
  return new Store(join(dir, 'greenboard.sqlite')).db;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-webhook-'));
  db = openDb();
});

afterEach(async () => {
  await Promise.all(open.channels.splice(0).map((c) => c.close()));
  await Promise.all(open.receivers.splice(0).map((r) => r.close()));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('WebhookChannel', () => {
  it('delivers an alert and its recovery as Slack JSON', async () => {
    const rx = await receiver();
    const ch = channel(rx.url);
    ch.notify(red);
    ch.notify({
      hostName: 'db-1',
      from: 'red',
      to: 'green',
      reason: '',
      at: t0 + 12 * 60_000,
      fromSince: t0,
    });
    // The receiver holds a body before it answers, and the channel marks it sent only once the
    // answer is back: wait for the channel's end state, not the receiver's, or the last
    // delivery may still read "sending".
    await vi.waitFor(() => expect(ch.log(10).map((e) => e.state)).toEqual(['sent', 'sent']), {
      timeout: 10_000,
    });
    expect(rx.bodies).toHaveLength(2);
    expect(rx.texts()).toEqual([
      '🔴 db-1 is red: CPU 97% ≥ 95% for 2 min (since 14:05 UTC)',
      '✅ db-1 recovered (was red for 12 min)',
    ]);
    expect(rx.bodies[0]).toMatchObject({ blocks: [{ type: 'section' }, { type: 'context' }] });
    expect(rx.contentTypes).toEqual(['application/json', 'application/json']);
  });

  it('retries 500s and delivers exactly once', async () => {
    const rx = await receiver();
    rx.script = [{ status: 500, body: 'boom' }, { status: 500 }, { status: 200 }];
    const ch = channel(rx.url);
    const id = ch.enqueue(msg(1));
    await vi.waitFor(() => expect(ch.log(1)[0]?.state).toBe('sent'));
    expect(rx.texts()).toEqual(['message 1']);
    expect(ch.log(1)[0]).toMatchObject({ id, attempts: 3, lastStatus: 200, lastError: null });
    expect(ch.log(1)[0]?.sentAt).toEqual(expect.any(Number));
  });

  it('honours Retry-After on 429', async () => {
    const rx = await receiver();
    rx.script = [{ status: 429, headers: { 'retry-after': '1' } }];
    const ch = channel(rx.url);
    const started = Date.now();
    ch.enqueue(msg(1));
    await vi.waitFor(() => expect(ch.log(1)[0]?.state).toBe('sent'), { timeout: 5_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(ch.log(1)[0]?.attempts).toBe(2);
  });

  it('does not retry a 400 and logs the status and body', async () => {
    const rx = await receiver();
    rx.script = [{ status: 400, body: 'invalid_payload' }];
    const ch = channel(rx.url);
    ch.enqueue(msg(1));
    ch.enqueue(msg(2));
    await vi.waitFor(() => expect(ch.log(1)[0]?.state).toBe('sent'));
    const [second, first] = ch.log(10);
    expect(first).toMatchObject({ state: 'failed', attempts: 1, lastStatus: 400, text: 'message 1' });
    expect(first?.lastError).toContain('HTTP 400: invalid_payload');
    expect(second).toMatchObject({ state: 'sent', text: 'message 2' });
    expect(rx.texts()).toEqual(['message 2']);
  });

  it('gives up after maxAttempts but keeps the message in the log', async () => {
    const rx = await receiver();
    rx.script = Array.from({ length: 3 }, () => ({ status: 503 }));
    const ch = channel(rx.url, { retry: { ...FAST, maxAttempts: 3 } });
    ch.enqueue(msg(1));
    await vi.waitFor(() => expect(ch.log(1)[0]?.state).toBe('failed'));
    expect(ch.log(1)[0]).toMatchObject({ attempts: 3, lastStatus: 503, nextAttemptAt: null });
    expect(ch.log(1)[0]?.lastError).toMatch(/^Gave up after 3 attempts/);
  });

  it('keeps messages pending while the receiver is down and delivers them in order when it returns', async () => {
    const rx = await receiver();
    const port = rx.port;
    const ch = channel(rx.url);
    await rx.close();
    for (let i = 1; i <= 5; i++) ch.enqueue(msg(i));
    await vi.waitFor(() => expect(ch.log(5).at(-1)?.attempts).toBeGreaterThanOrEqual(3));
    expect(ch.pendingCount()).toBe(5);
    expect(ch.log(5).at(-1)?.lastError).toContain('ECONNREFUSED');

    const back = await receiver(port);
    await vi.waitFor(() => expect(ch.pendingCount()).toBe(0));
    expect(back.texts()).toEqual(['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
    expect(ch.log(10).every((e) => e.state === 'sent')).toBe(true);
  });

  it('setUrl points the queue at a new receiver and retries at once', async () => {
    const rx = await receiver();
    const ch = channel(rx.url, { retry: { ...FAST, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    await rx.close();
    ch.enqueue(msg(1));
    ch.enqueue(msg(2));
    await vi.waitFor(() => expect(ch.log(5).at(-1)?.attempts).toBe(1));
    const other = await receiver();
    ch.setUrl(other.url);
    await vi.waitFor(() => expect(other.texts()).toEqual(['message 1', 'message 2']));
  });

  it('resumes pending messages after a restart', async () => {
    const rx = await receiver();
    const port = rx.port;
    await rx.close();
    const first = channel(`http://127.0.0.1:${port}/hook`);
    first.enqueue(msg(1));
    first.enqueue(msg(2));
    await vi.waitFor(() => expect(first.log(5).at(-1)?.attempts).toBeGreaterThan(0));
    await first.close();
    // A real restart: the database file is closed and opened again.
    db.close();
    db = openDb();

    const back = await receiver(port);
    const second = channel(`http://127.0.0.1:${port}/hook`);
    await vi.waitFor(() => expect(second.pendingCount()).toBe(0));
    expect(back.texts()).toEqual(['message 1', 'message 2']);
  });

  it('queues before start and sends on start', async () => {
    const rx = await receiver();
    const ch = new WebhookChannel({ db, name: 'ops', url: rx.url, retry: FAST });
    open.channels.push(ch);
    ch.enqueue(msg(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(rx.bodies).toHaveLength(0);
    ch.start();
    await vi.waitFor(() => expect(rx.texts()).toEqual(['message 1']));
  });

  it('times out a receiver that never answers and retries', async () => {
    let hung = 0;
    const slow = createServer((req, res) => {
      // The first request hangs past the timeout; later ones are answered at once.
      if (hung++ === 0) return;
      req.resume();
      req.on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const ch = channel(`http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, {
        attemptTimeoutMs: 200,
      });
      ch.enqueue(msg(1));
      await vi.waitFor(() => expect(ch.log(1)[0]?.state).toBe('sent'));
      expect(ch.log(1)[0]?.attempts).toBe(2);
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});

describe('secrets in the webhook URL', () => {
  it('sends user:password@ as Basic auth, and keeps no secret in the delivery log', async () => {
    const auth: (string | undefined)[] = [];
    const rx = createServer((req, res) => {
      auth.push(req.headers.authorization);
      req.resume();
      // A receiver that echoes the address it was called at, secret and all.
      req.on('end', () =>
        res.writeHead(404).end(`no hook at http://alice:s3cret@127.0.0.1${req.url ?? ''} (token t0ken)`),
      );
    });
    await new Promise<void>((resolve) => rx.listen(0, '127.0.0.1', resolve));
    try {
      const port = (rx.address() as AddressInfo).port;
      const ch = channel(`http://alice:s3cret@127.0.0.1:${port}/hook?token=t0ken&channel=ops`);
      ch.enqueue(msg(1));
      await vi.waitFor(() => expect(ch.log(1)[0]?.state).toBe('failed'));
      expect(auth).toEqual([`Basic ${Buffer.from('alice:s3cret').toString('base64')}`]);
      const lastError = ch.log(1)[0]?.lastError ?? '';
      expect(lastError).toContain('HTTP 404: no hook at http://***@127.0.0.1/hook?token=***&channel=ops');
      expect(lastError).not.toContain('s3cret');
      const stored = db.prepare('SELECT last_error FROM webhook_deliveries').pluck().all() as string[];
      expect(stored.join()).not.toMatch(/s3cret|token=t0ken/);
    } finally {
      rx.closeAllConnections();
      await new Promise<void>((resolve) => rx.close(() => resolve()));
    }
  });

  it('keeps no secret in the log when the receiver cannot be reached', async () => {
    const rx = await receiver();
    await rx.close();
    const ch = channel(`http://bob:hunter2@127.0.0.1:${rx.port}/hook?key=k3y`);
    ch.enqueue(msg(1));
    await vi.waitFor(() => expect(ch.log(1)[0]?.attempts).toBeGreaterThanOrEqual(1));
    const lastError = ch.log(1)[0]?.lastError ?? '';
    expect(lastError).toContain('ECONNREFUSED');
    expect(lastError).not.toMatch(/hunter2|k3y/);
  });

  it('redacts an error kept by an older version when the log is read', () => {
    db.prepare(
      `INSERT INTO webhook_deliveries (channel, created_at, payload, state, attempts, next_attempt_at, last_error)
       VALUES ('ops', 1, '{"text":"x"}', 'failed', 1, NULL, 'Could not reach http://u:pw@h.example/x')`,
    ).run();
    const ch = new WebhookChannel({ db, name: 'ops', url: 'https://h.example/x' });
    open.channels.push(ch);
    expect(ch.log(1)[0]?.lastError).toBe('Could not reach http://***@h.example/x');
  });
});

describe('validateWebhookUrl', () => {
  it('accepts http and https only, with a message that says what to do', () => {
    expect(validateWebhookUrl('https://hooks.slack.com/services/T/B/X').ok).toBe(true);
    const ftp = validateWebhookUrl('ftp://example.com/hook');
    expect(ftp).toMatchObject({ ok: false, error: { code: 'webhook_invalid_url' } });
    expect(!ftp.ok && ftp.error.message).toContain('https://');
    expect(validateWebhookUrl('hooks.slack.com/x').ok).toBe(false);
    expect(() => new WebhookChannel({ db, name: 'x', url: 'file:///etc/passwd' })).toThrow(
      WebhookConfigError,
    );
  });
});

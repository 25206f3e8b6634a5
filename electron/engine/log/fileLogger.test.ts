import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLogger, logFileFor } from './fileLogger';
import { scrubText } from './redact';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const records = (file: string): Record<string, unknown>[] =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the Greenboard log', () => {
  it('writes one JSON object per line to <dataDir>/logs/greenboard.log, private to the user', () => {
    const log = createFileLogger({ dataDir: dir });
    log.info('started', { hosts: 3 });
    log.warn('slow poll', { hostId: 'db-1', ms: 1200 });
    log.close();
    expect(log.file).toBe(join(dir, 'logs', 'greenboard.log'));
    expect(log.file).toBe(logFileFor(dir));
    const [a, b] = records(log.file);
    expect(a).toMatchObject({ level: 'info', msg: 'started', hosts: 3 });
    expect(typeof a?.time).toBe('string');
    expect(b).toMatchObject({ level: 'warn', msg: 'slow poll', hostId: 'db-1', ms: 1200 });
    if (process.platform !== 'win32') {
      expect(statSync(log.file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'logs')).mode & 0o777).toBe(0o700);
    }
  });

  it('writes an error with its type, message and stack', () => {
    const log = createFileLogger({ dataDir: dir });
    log.error('hosts:list failed', { method: 'hosts:list', err: new TypeError('x is not a function') });
    log.close();
    const [r] = records(log.file);
    expect(r).toMatchObject({
      level: 'error',
      method: 'hosts:list',
      err: { type: 'TypeError', message: 'x is not a function' },
    });
    expect((r?.err as { stack: string }).stack).toContain('fileLogger.test.ts');
  });

  it('never holds a password, passphrase, token, secret, Authorization header or URL credential', () => {
    const log = createFileLogger({ dataDir: dir });
    log.info('credentials saved', {
      password: 'hunter2-pw',
      ssh: { passphrase: 'pp-sekrit', jump: { password: 'jump-pw' } },
      metrics: { scrapeToken: 'scrape-token-0123456789' },
      req: { headers: { authorization: 'Bearer abcdef0123456789', cookie: 'sid=cookie-val' } },
      sources: [{ secret: 'basic-auth-secret' }],
      notify: { webhookUrl: 'https://hooks.example.com/services/T000/B000/XXXXwebhookpath' },
    });
    log.warn('webhook to https://alice:url-pass@hooks.example.com/x failed', {
      error: 'connect ECONNREFUSED https://bob:err-pass@10.0.0.1/hook',
    });
    log.error('scrape failed', {
      err: new Error(
        'GET http://127.0.0.1:4817/metrics?token=query-token-123 said 403 (Authorization: Bearer hdr-token-999)',
      ),
    });
    log.close();
    const text = readFileSync(log.file, 'utf8');
    for (const secret of [
      'hunter2-pw',
      'pp-sekrit',
      'jump-pw',
      'scrape-token-0123456789',
      'abcdef0123456789',
      'cookie-val',
      'basic-auth-secret',
      'XXXXwebhookpath',
      'url-pass',
      'err-pass',
      'alice',
      'query-token-123',
      'hdr-token-999',
    ])
      expect(text).not.toContain(secret);
    // What is not secret stays readable.
    expect(text).toContain('hooks.example.com/x failed');
    expect(text).toContain('[redacted]');
    expect(records(log.file)).toHaveLength(3);
  });

  it('rotates by size and keeps the number of files it is told', () => {
    const log = createFileLogger({ dataDir: dir, maxBytes: 2_000, files: 3 });
    for (let i = 0; i < 200; i++) log.info(`line ${i}`, { filler: 'x'.repeat(60) });
    log.close();
    const names = readdirSync(join(dir, 'logs')).sort();
    expect(names).toEqual(['greenboard.log', 'greenboard.log.1', 'greenboard.log.2']);
    for (const n of names) {
      expect(statSync(join(dir, 'logs', n)).size).toBeLessThanOrEqual(2_000);
      if (process.platform !== 'win32') expect(statSync(join(dir, 'logs', n)).mode & 0o777).toBe(0o600);
    }
    // The newest line is in the live file, the lines before it in .1: nothing in between is lost.
    const live = records(join(dir, 'logs', 'greenboard.log'));
    const prev = records(join(dir, 'logs', 'greenboard.log.1'));
    expect(live.at(-1)?.msg).toBe('line 199');
    const firstLive = Number(String(live[0]?.msg).slice(5));
    expect(prev.at(-1)?.msg).toBe(`line ${firstLive - 1}`);
  });

  it('appends to an existing log across restarts and tightens its mode', () => {
    const a = createFileLogger({ dataDir: dir });
    a.info('first run');
    a.close();
    const b = createFileLogger({ dataDir: dir });
    b.info('second run');
    b.close();
    expect(records(b.file).map((r) => r.msg)).toEqual(['first run', 'second run']);
  });
});

describe('scrubText', () => {
  it('masks user info in URLs, bearer values and secret query parameters, nothing else', () => {
    expect(scrubText('see https://u:p@h.example/a?b=1.')).toBe('see https://***@h.example/a?b=1.');
    expect(scrubText('Authorization: Bearer abc.def-ghi')).toBe('Authorization: [redacted]');
    expect(scrubText('{"authorization":"Basic dXNlcjpwYXNz"}')).toBe('{"authorization":"[redacted]"}');
    expect(scrubText('sent Bearer abcdefgh12345')).toBe('sent Bearer [redacted]');
    expect(scrubText('basic auth failed for a bearer of bad news')).toBe(
      'basic auth failed for a bearer of bad news',
    );
    expect(scrubText('/metrics?token=abc&x=1')).toBe('/metrics?token=[redacted]&x=1');
    expect(scrubText('user@host:22 and a@b')).toBe('user@host:22 and a@b');
  });
});

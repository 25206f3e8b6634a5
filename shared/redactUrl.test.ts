import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrls } from './redactUrl';

describe('redactUrl', () => {
  it('hides a user and password', () => {
    expect(redactUrl('https://alice:s3cret@hooks.example.com/notify')).toBe(
      'https://***@hooks.example.com/notify',
    );
    expect(redactUrl('http://tok3n@example.com/')).toBe('http://***@example.com/');
  });

  it('hides token-like query parameters and keeps the others', () => {
    const r = redactUrl('https://example.com/hook?token=abc123&channel=ops&api_key=k&X-Amz-Signature=zz');
    expect(r).toBe('https://example.com/hook?token=***&channel=ops&api_key=***&X-Amz-Signature=***');
  });

  it('hides the secret path of a Slack webhook', () => {
    expect(redactUrl('https://hooks.slack.com/services/T000/B000/XXXXXXXX')).toBe(
      'https://hooks.slack.com/services/***',
    );
  });

  it('leaves a URL without secrets as it was', () => {
    expect(redactUrl('https://example.com/a/b?x=1')).toBe('https://example.com/a/b?x=1');
  });

  it('still hides a password in a URL that does not parse', () => {
    expect(redactUrl('http://bob:pw@exa mple.com/')).toBe('http://***@exa mple.com/');
  });
});

describe('redactUrls', () => {
  it('redacts every URL inside an error message', () => {
    const text =
      'Request cannot be constructed from a URL that includes credentials: http://user:hunter2@127.0.0.1:9/x. Then https://a.example/?key=k1.';
    const r = redactUrls(text);
    expect(r).not.toContain('hunter2');
    expect(r).not.toContain('k1');
    expect(r).toBe(
      'Request cannot be constructed from a URL that includes credentials: http://***@127.0.0.1:9/x. Then https://a.example/?key=***.',
    );
  });

  it('leaves a URL with nothing secret exactly as written', () => {
    expect(redactUrls('Prometheus at http://127.0.0.1:9090 is unreachable')).toBe(
      'Prometheus at http://127.0.0.1:9090 is unreachable',
    );
    expect(redactUrl('HTTP://Example.com:80/a/../b?q=1')).toBe('HTTP://Example.com:80/a/../b?q=1');
  });

  it('leaves text without URLs alone', () => {
    expect(redactUrls('connection refused by 127.0.0.1:9')).toBe('connection refused by 127.0.0.1:9');
  });
});

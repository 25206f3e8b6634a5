import { describe, expect, it } from 'vitest';
import { controlCharProblem, freeText, httpUrl, intervalMs, MAX_INTERVAL_MS, safeString } from './safeText';

describe('safeString', () => {
  it('refuses NUL and other control characters with a plain message', () => {
    const s = safeString();
    expect(s.safeParse('/var/log').success).toBe(true);
    expect(s.safeParse('ünïcödé ✓').success).toBe(true);
    const nul = s.safeParse('/var\0/etc');
    expect(nul.success).toBe(false);
    expect(nul.error?.issues[0]?.message).toBe(
      'contains a NUL character (at character 5); remove it and try again',
    );
    expect(s.safeParse('a\nb').error?.issues[0]?.message).toMatch(/a line break/);
    expect(s.safeParse('a\u001b[2J').error?.issues[0]?.message).toMatch(/an escape character/);
    expect(s.safeParse('a\u0007').error?.issues[0]?.message).toMatch(/U\+0007/);
    expect(s.safeParse('a\tb').success).toBe(false);
  });

  it('lets a tab through where asked, and line breaks only in free text', () => {
    expect(safeString('tab').safeParse('a\tb').success).toBe(true);
    expect(safeString('tab').safeParse('a\nb').success).toBe(false);
    expect(freeText().safeParse('line one\r\nline two\tend').success).toBe(true);
    expect(freeText().safeParse('nul\0').success).toBe(false);
  });

  it('keeps min and max when chained', () => {
    const s = safeString().min(1).max(3);
    expect(s.safeParse('').success).toBe(false);
    expect(s.safeParse('abcd').success).toBe(false);
    expect(s.safeParse('abc').success).toBe(true);
  });

  it('names nothing when the text is clean', () => {
    expect(controlCharProblem('plain text')).toBeNull();
  });
});

describe('httpUrl', () => {
  it('takes http and https only', () => {
    const u = httpUrl();
    expect(u.safeParse('https://example.com/x').success).toBe(true);
    expect(u.safeParse('http://127.0.0.1:8080/').success).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/plain,hi', 'ftp://x/'])
      expect(u.safeParse(bad).error?.issues[0]?.message).toBe('use an http:// or https:// URL');
  });

  it('refuses a control character the URL parser would quietly drop', () => {
    expect(httpUrl().safeParse('http://exa\tmple.com/').success).toBe(false);
    expect(httpUrl().safeParse('http://example.com/\0').success).toBe(false);
  });
});

describe('intervalMs', () => {
  it('stops at a day', () => {
    expect(intervalMs(1000).safeParse(MAX_INTERVAL_MS).success).toBe(true);
    expect(intervalMs(1000).safeParse(3_000_000_000).error?.issues[0]?.message).toBe(
      'must be at most a day (86400000 ms)',
    );
  });
});

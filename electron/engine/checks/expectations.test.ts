import { describe, expect, it } from 'vitest';
import { parseJsonPath, ProbeDefSchema } from '../../../shared/probes';
import { checkExpectations, describeExpectedStatus, evalJsonPath, statusMatches } from './expectations';

const def = (extra: Record<string, unknown> = {}) =>
  ProbeDefSchema.parse({ id: 'p', name: 'p', url: 'http://127.0.0.1/', ...extra });

describe('ProbeDefSchema', () => {
  it('fills in the defaults the issue names', () => {
    expect(def()).toMatchObject({
      method: 'GET',
      headers: {},
      expectStatus: { min: 200, max: 399 },
      intervalMs: 30_000,
      timeoutMs: 10_000,
      slo: { percentile: 95, underMs: 1000, windowMs: 900_000 },
      certWarnDays: 14,
      certCritDays: 3,
      verifyTls: true,
    });
  });

  it('accepts only http and https URLs, localhost included', () => {
    const ok = (url: string) => ProbeDefSchema.safeParse({ id: 'p', name: 'p', url }).success;
    expect(ok('https://localhost:8443/health')).toBe(true);
    expect(ok('http://[::1]/')).toBe(true);
    expect(ok('ftp://example.com/')).toBe(false);
    expect(ok('file:///etc/passwd')).toBe(false);
    expect(ok('example.com')).toBe(false);
  });

  it('accepts header names and values that can be sent, and nothing else', () => {
    expect(def({ headers: { Authorization: 'Bearer x', 'X-Trace-Id': 'a b' } }).headers).toHaveProperty(
      'X-Trace-Id',
    );
    expect(() => def({ headers: { 'Bad Name': 'x' } })).toThrow(/header name/);
    expect(() => def({ headers: { 'X-Ok': 'a\r\nInjected: yes' } })).toThrow(/contains a carriage return/);
    expect(() => def({ headers: { 'X-Ok': 'a\u0000b' } })).toThrow(/NUL/);
    expect(def({ headers: { 'X-Ok': 'a\tb' } }).headers).toHaveProperty('X-Ok', 'a\tb');
  });

  it('rejects a JSON path outside the supported subset, and an inverted range', () => {
    expect(() => def({ expectJsonPath: { path: '$..status' } })).toThrow(/\$\.status/);
    expect(() => def({ expectStatus: { min: 400, max: 200 } })).toThrow(/min/);
  });
});

describe('JSON path', () => {
  it('parses keys, indices and quoted keys', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.checks[0].name')).toEqual(['checks', 0, 'name']);
    expect(parseJsonPath('$["odd key"].x-y')).toEqual(['odd key', 'x-y']);
    expect(parseJsonPath('status')).toBeNull();
    expect(parseJsonPath('$.a[*]')).toBeNull();
  });

  it('finds values, including falsy ones, and tells missing from null', () => {
    const doc = { a: { b: [0, null, false] } };
    expect(evalJsonPath(doc, ['a', 'b', 0])).toEqual({ found: true, value: 0 });
    expect(evalJsonPath(doc, ['a', 'b', 1])).toEqual({ found: true, value: null });
    expect(evalJsonPath(doc, ['a', 'b', 3])).toEqual({ found: false });
    expect(evalJsonPath(doc, ['a', 'c'])).toEqual({ found: false });
    expect(evalJsonPath(doc, ['a', 'b', 'length'])).toEqual({ found: false });
    expect(evalJsonPath({}, ['toString'])).toEqual({ found: false });
  });
});

describe('checkExpectations', () => {
  const body = Buffer.from('{"status":"degraded","checks":[{"name":"db","up":true}]}');

  it('says which status was expected, as a range or a list', () => {
    expect(statusMatches({ min: 200, max: 399 }, 302)).toBe(true);
    expect(statusMatches([200, 204], 201)).toBe(false);
    expect(describeExpectedStatus([200])).toBe('200');
    expect(describeExpectedStatus([200, 201, 204])).toBe('200, 201 or 204');
    expect(checkExpectations(def(), 404, body, false)).toEqual(['status 404, expected 200–399']);
  });

  it('skips body checks when the status is already wrong', () => {
    const d = def({ expectStatus: [200], expectKeyword: 'nope' });
    expect(checkExpectations(d, 500, body, false)).toEqual(['status 500, expected 200']);
  });

  it('reports a missing keyword and a JSON value that differs, together', () => {
    const d = def({ expectKeyword: 'healthy', expectJsonPath: { path: '$.status', equals: 'ok' } });
    expect(checkExpectations(d, 200, body, false)).toEqual([
      'keyword "healthy" not found in the body',
      '$.status is "degraded", expected "ok"',
    ]);
  });

  it('passes when the keyword and the path are there', () => {
    const d = def({ expectKeyword: 'db', expectJsonPath: { path: '$.checks[0].up', equals: true } });
    expect(checkExpectations(d, 200, body, false)).toEqual([]);
    expect(checkExpectations(def({ expectJsonPath: { path: '$.checks' } }), 200, body, false)).toEqual([]);
  });

  it('says when the body is not JSON or the path is missing', () => {
    const d = def({ expectJsonPath: { path: '$.version' } });
    expect(checkExpectations(d, 200, Buffer.from('<html>'), false)).toEqual([
      'the body is not JSON, so $.version cannot be checked',
    ]);
    expect(checkExpectations(d, 200, body, false)).toEqual(['$.version not found in the JSON body']);
  });

  it('notes a cut-off body when the keyword is not in the part read', () => {
    const d = def({ expectKeyword: 'footer' });
    expect(checkExpectations(d, 200, Buffer.alloc(2048, 'a'), true)).toEqual([
      'keyword "footer" not found in the body (only the first 2 KB were read)',
    ]);
  });
});

import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { auditResponse, formatSize, type AuditedResponse } from './frontendAudit';

/** Text that gzips about 4:1, like real code. */
function script(bytes: number): Buffer {
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += `export const v${i} = ${(i * 7919) % 10007} + f${i % 97}(x);\n`;
  return Buffer.from(s.slice(0, bytes));
}

const response = (body: Buffer, extra: Partial<AuditedResponse> = {}): AuditedResponse => ({
  status: 200,
  bytes: body.length,
  decodedBytes: body.length,
  truncated: false,
  contentType: 'application/javascript',
  contentEncoding: null,
  cacheControl: 'public, max-age=600',
  expires: null,
  ...extra,
});

const ids = (advice: { id: string }[]) => advice.map((a) => a.id);

describe('auditResponse: compression', () => {
  it('estimates what gzip would save by gzipping the body', () => {
    const body = script(412 * 1024);
    const advice = auditResponse(response(body), body);
    const gz = gzipSync(body, { level: 6 }).length;
    expect(advice).toEqual([
      {
        id: 'compression',
        severity: 'warn',
        message: `enable gzip or brotli: 412 KB could be ~${formatSize(gz)}`,
      },
    ]);
    expect(gz).toBeLessThan(body.length / 2);
  });

  it('is quiet when the body is already compressed, tiny, or not a text type', () => {
    const body = script(50_000);
    expect(auditResponse(response(body, { contentEncoding: 'gzip', bytes: 9000 }), body)).toEqual([]);
    expect(auditResponse(response(body, { contentEncoding: 'br', bytes: 8000 }), body)).toEqual([]);
    expect(auditResponse(response(script(900)), script(900))).toEqual([]);
    const png = response(body, { contentType: 'image/png', cacheControl: 'max-age=60' });
    expect(auditResponse(png, body)).toEqual([]);
  });

  it('does not advise compressing data that does not shrink', () => {
    const noise = randomBytes(20_000);
    expect(auditResponse(response(noise, { contentType: 'text/plain' }), noise)).toEqual([]);
  });

  it('counts text/html and JSON with parameters as compressible', () => {
    const body = script(10_000);
    expect(ids(auditResponse(response(body, { contentType: 'text/html; charset=utf-8' }), body))).toEqual([
      'compression',
    ]);
    expect(ids(auditResponse(response(body, { contentType: 'application/problem+json' }), body))).toEqual([
      'compression',
    ]);
  });
});

describe('auditResponse: caching', () => {
  const body = Buffer.from('x');

  it('asks for a cache lifetime on a static asset that has none', () => {
    const advice = auditResponse(response(body, { cacheControl: null }), body);
    expect(advice).toEqual([
      expect.objectContaining({
        id: 'cache-missing',
        severity: 'warn',
        message: expect.stringContaining('max-age'),
      }),
    ]);
  });

  it('takes max-age, s-maxage, immutable or Expires as a lifetime', () => {
    for (const extra of [
      { cacheControl: 'public, max-age=31536000, immutable' },
      { cacheControl: 's-maxage=60' },
      { cacheControl: null, expires: 'Thu, 01 Dec 2033 16:00:00 GMT' },
    ])
      expect(auditResponse(response(body, extra), body)).toEqual([]);
  });

  it('notes caching turned off on a static asset', () => {
    for (const cacheControl of ['no-store', 'no-cache, must-revalidate', 'max-age=0'])
      expect(ids(auditResponse(response(body, { cacheControl }), body))).toEqual(['cache-disabled']);
  });

  it('judges static-ness by type, then by the URL extension; pages and APIs are left alone', () => {
    const page = response(body, { contentType: 'text/html', cacheControl: null });
    expect(auditResponse(page, body)).toEqual([]);
    expect(auditResponse(page, body, { url: 'https://x.test/health' })).toEqual([]);
    const font = response(body, { contentType: 'application/octet-stream', cacheControl: null });
    expect(ids(auditResponse(font, body, { url: 'https://x.test/fonts/a.woff2?v=3' }))).toEqual([
      'cache-missing',
    ]);
    expect(
      ids(auditResponse(response(body, { contentType: 'image/webp', cacheControl: null }), body)),
    ).toEqual(['cache-missing']);
  });
});

describe('auditResponse: size and scope', () => {
  it('calls a response of 1 MB or more large, with a hint for its type', () => {
    const big = response(Buffer.alloc(0), {
      contentType: 'image/jpeg',
      bytes: 1_500_000,
      decodedBytes: 1_500_000,
      cacheControl: 'max-age=60',
    });
    expect(auditResponse(big, Buffer.alloc(0))).toEqual([
      {
        id: 'large-response',
        severity: 'warn',
        message: 'large response: 1.4 MB transferred; resize it or serve WebP/AVIF',
      },
    ]);
    const bundle = response(Buffer.alloc(0), { bytes: 2 * 1024 * 1024, decodedBytes: 9 * 1024 * 1024 });
    expect(auditResponse(bundle, Buffer.alloc(0))[0]?.message).toBe(
      'large response: 2.0 MB transferred (9.0 MB decoded); split the bundle and load the rest lazily',
    );
    expect(auditResponse(big, Buffer.alloc(0), { largeBytes: 2_000_000 })).toEqual([]);
  });

  it('audits only successful responses', () => {
    const body = script(50_000);
    expect(auditResponse(response(body, { status: 404, cacheControl: null }), body)).toEqual([]);
    expect(auditResponse(response(body, { status: null }), body)).toEqual([]);
  });

  it('formats sizes the way the advice reads', () => {
    expect(formatSize(900)).toBe('900 bytes');
    expect(formatSize(412 * 1024)).toBe('412 KB');
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});

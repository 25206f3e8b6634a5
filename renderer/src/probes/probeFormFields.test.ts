import { describe, expect, it } from 'vitest';
import { ProbeDefSchema } from '../../../shared/probes';
import {
  errorsFromIssues,
  ProbeFormSchema,
  fieldsFromDef,
  parseExpectStatus,
  parseHeaders,
  toProbeInput,
  type ProbeFields,
} from './probeFormFields';

const filled = (over: Partial<ProbeFields> = {}): ProbeFields => ({
  ...fieldsFromDef(),
  name: 'API',
  url: 'http://127.0.0.1:8080/health',
  ...over,
});

describe('parseExpectStatus', () => {
  it('reads a range (hyphen or en dash) or a list', () => {
    expect(parseExpectStatus('200-399')).toEqual({ min: 200, max: 399 });
    expect(parseExpectStatus(' 200 – 299 ')).toEqual({ min: 200, max: 299 });
    expect(parseExpectStatus('200,204')).toEqual([200, 204]);
    expect(parseExpectStatus('200, 204 204')).toEqual([200, 204]);
  });

  it('says what is wrong otherwise', () => {
    expect(parseExpectStatus('2xx')).toMatch(/200-399/);
    expect(parseExpectStatus('399-200')).toMatch(/lower status first/);
    expect(parseExpectStatus('')).toMatch(/enter a range/);
  });
});

describe('parseHeaders', () => {
  it('reads one "Name: value" per line, skipping blank lines', () => {
    expect(parseHeaders('Accept: application/json\n\nX-Token:  a:b ')).toEqual({
      Accept: 'application/json',
      'X-Token': 'a:b',
    });
  });

  it('names the line without a colon', () => {
    expect(parseHeaders('Accept: x\nnope')).toBe('line 2: write it as "Name: value"');
  });
});

describe('toProbeInput', () => {
  it('turns the defaults into the API input with every unit converted', () => {
    const r = toProbeInput(filled({ jsonPath: '$.status', jsonEquals: 'ok', headers: 'Accept: x' }));
    expect(r).toEqual({
      ok: true,
      input: {
        name: 'API',
        method: 'GET',
        url: 'http://127.0.0.1:8080/health',
        headers: { Accept: 'x' },
        expectStatus: { min: 200, max: 399 },
        expectJsonPath: { path: '$.status', equals: 'ok' },
        intervalMs: 30_000,
        timeoutMs: 10_000,
        slo: { percentile: 95, underMs: 1000, windowMs: 900_000 },
        certWarnDays: 14,
        certCritDays: 3,
        verifyTls: true,
      },
    });
  });

  it('compares JSON scalars as JSON and anything else as text', () => {
    const equals = (text: string): unknown => {
      const r = toProbeInput(filled({ jsonPath: '$.a', jsonEquals: text }));
      return r.ok ? r.input.expectJsonPath?.equals : r.errors;
    };
    expect(equals('200')).toBe(200);
    expect(equals('true')).toBe(true);
    expect(equals('null')).toBeNull();
    expect(equals('"200"')).toBe('200');
    expect(equals('ok')).toBe('ok');
  });

  it('puts each mistake beside its field, with the schema message for the URL', () => {
    const r = toProbeInput(
      filled({ url: 'not a url', expectStatus: 'x', sloUnderMs: '', jsonPath: '$..', headers: 'bad' }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.url).toBe('use an http:// or https:// URL');
    expect(r.errors.expectStatus).toMatch(/200-399/);
    expect(r.errors.sloUnderMs).toMatch(/milliseconds/);
    expect(r.errors.jsonPath).toMatch(/\$\.status/);
    expect(r.errors.headers).toMatch(/line 1/);
  });

  it('round-trips a saved definition through the form', () => {
    const def = ProbeDefSchema.parse({
      id: 'api',
      name: 'API',
      url: 'https://example.com/',
      method: 'POST',
      expectStatus: [200, 204],
      expectJsonPath: { path: '$.n', equals: '42' },
      headers: { Accept: 'x' },
      fromHostId: 'web-1',
      verifyTls: false,
    });
    const r = toProbeInput(fieldsFromDef(def));
    expect(r.ok && { ...r.input, id: def.id }).toEqual(def);
  });
});

describe('errorsFromIssues', () => {
  it('splits the API issues into fields and the rest', () => {
    expect(
      errorsFromIssues(
        [
          { path: ['url'], message: 'use an http:// or https:// URL' },
          { path: ['slo', 'underMs'], message: 'Too small' },
          { path: [], message: 'Probes are not wired yet.' },
        ],
        'url: use an http:// or https:// URL; slo.underMs: Too small; Probes are not wired yet.',
      ),
    ).toEqual({
      fields: { url: 'use an http:// or https:// URL', sloUnderMs: 'Too small' },
      rest: 'Probes are not wired yet.',
    });
    expect(
      errorsFromIssues([{ path: ['headers', 'X Bad'], message: 'not a valid header name' }], ''),
    ).toEqual({
      fields: { headers: 'not a valid header name' },
      rest: null,
    });
    expect(errorsFromIssues([], 'No host with id "web-9".')).toEqual({
      fields: {},
      rest: 'No host with id "web-9".',
    });
  });
});

describe('ranges come from the shared schema', () => {
  it('refuses what the schema refuses, in the unit the field is typed in', () => {
    const r = toProbeInput(filled({ intervalSec: '86401', timeoutSec: '0.05', sloWindowMin: '0.5' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.intervalSec).toBe('enter at most 86400 seconds');
    expect(r.errors.timeoutSec).toBe('enter at least 0.1 seconds');
    expect(r.errors.sloWindowMin).toBe('enter at least 1 minutes');
  });

  it('takes what the schema takes, up to its bounds', () => {
    expect(toProbeInput(filled({ intervalSec: '86400', timeoutSec: '120', certWarnDays: '3650' })).ok).toBe(
      true,
    );
  });

  it('gives react-hook-form the same errors, by field name', () => {
    const r = ProbeFormSchema.safeParse(filled({ url: 'not a url', intervalSec: 'x' }));
    expect(r.success).toBe(false);
    const byField = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(byField).toEqual({
      url: 'use an http:// or https:// URL',
      intervalSec: 'enter a number of seconds',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { LoadTargetSchema } from '../../../shared/loadTests';
import { draftFromTarget, fieldOf, loadTargetFormSchema, parseHeaderLines } from './loadTargetFormFields';

const draft = (over: Partial<ReturnType<typeof draftFromTarget>> = {}) => ({
  ...draftFromTarget(undefined),
  name: 'api',
  url: 'http://127.0.0.1:8080/health',
  ...over,
});

/** The form schema's verdict: the input, or the message per field react-hook-form would show. */
function check(fields: ReturnType<typeof draftFromTarget>, id?: string) {
  const r = loadTargetFormSchema(id).safeParse(fields);
  if (r.success) return { ok: true as const, input: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) errors[String(issue.path[0])] = issue.message;
  return { ok: false as const, errors };
}

describe('loadTargetFormSchema', () => {
  it('starts from the contract defaults: 10 connections for 10 s', () => {
    expect(draftFromTarget(undefined)).toMatchObject({
      connections: '10',
      durationSec: '10',
      rate: '',
      method: 'GET',
    });
  });

  it('turns the fields into the API input', () => {
    const r = check(
      draft({
        connections: '3',
        durationSec: '3',
        rate: '50',
        headers: 'Authorization: Bearer x\n\nX-Trace:  1 ',
        thresholds: 'p95<500ms\n errors<1% \n',
        hostId: 'local',
      }),
    );
    expect(r).toEqual({
      ok: true,
      input: {
        name: 'api',
        hostId: 'local',
        spec: {
          targetUrl: 'http://127.0.0.1:8080/health',
          method: 'GET',
          headers: { Authorization: 'Bearer x', 'X-Trace': '1' },
          connections: 3,
          durationSec: 3,
          rate: 50,
          thresholds: ['p95<500ms', 'errors<1%'],
        },
      },
    });
  });

  it('puts each problem beside its field, caps included', () => {
    const r = check(
      draft({ name: ' ', url: 'ftp://x', connections: '500', durationSec: 'abc', thresholds: 'p95<500mss' }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toMatch(/name/);
    expect(r.errors.url).toMatch(/http/);
    expect(r.errors.connections).toMatch(/capped at 200/);
    expect(r.errors.durationSec).toBe('enter a number');
    expect(r.errors.thresholds).toMatch(/unit "mss"/);
    expect(r.errors.rate).toBeUndefined();
  });

  it('keeps the id when editing, and round-trips a saved target', () => {
    const target = LoadTargetSchema.parse({
      id: 'api',
      name: 'api',
      createdAt: 1,
      hostId: null,
      spec: { targetUrl: 'http://h/', headers: { A: 'b' }, thresholds: ['p99<1s'], rate: 20 },
    });
    const r = check(draftFromTarget(target), target.id);
    expect(r.ok && r.input).toMatchObject({
      id: 'api',
      spec: { headers: { A: 'b' }, rate: 20, thresholds: ['p99<1s'] },
    });
  });

  it('checks every threshold line and names each bad one', () => {
    expect(check(draft({ thresholds: 'p95<500ms\n\nerrors<1%' })).ok).toBe(true);
    const r = check(draft({ thresholds: 'p95<500ms\nerors<1%\np99<1xs' }));
    expect(!r.ok && r.errors.thresholds).toMatch(/unknown metric "erors".*; .*"xs"/);
  });
});

describe('lines', () => {
  it('parses "Name: value" headers and names a bad line', () => {
    expect(parseHeaderLines('A: 1:2')).toEqual({ ok: true, headers: { A: '1:2' } });
    expect(parseHeaderLines('no colon')).toEqual({ ok: false, error: '"no colon" is not "Name: value"' });
  });
});

describe('fieldOf', () => {
  it('places an engine issue on the field it is about', () => {
    expect(fieldOf(['spec', 'connections'])).toBe('connections');
    expect(fieldOf(['spec', 'thresholds', 2])).toBe('thresholds');
    expect(fieldOf(['spec', 'targetUrl'])).toBe('url');
    expect(fieldOf(['name'])).toBe('name');
  });
});

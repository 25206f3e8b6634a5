import { describe, expect, it } from 'vitest';
import type { AlertEntry } from '../../../shared/alerts';
import { EMPTY_FILTER, listInput, matchesFilter, mergeNewest, PAGE_SIZE, subjectOf } from './alertFilter';

function entry(over: Partial<AlertEntry> = {}): AlertEntry {
  return {
    id: 1,
    hostId: 'web-1',
    probeId: null,
    signal: 'memory',
    kind: 'memory',
    from: 'ok',
    to: 'critical',
    at: 1_000,
    value: 93,
    threshold: 90,
    reason: 'memory 93% ≥ 90%',
    notice: null,
    ...over,
  };
}

describe('listInput', () => {
  it('sends only what narrows the log', () => {
    expect(listInput(EMPTY_FILTER)).toEqual({ scope: 'all', limit: PAGE_SIZE });
    expect(
      listInput(
        { ...EMPTY_FILTER, hostId: 'db', q: '  disk  ', to: ['critical', 'warn'], scope: 'signals' },
        42,
      ),
    ).toEqual({
      scope: 'signals',
      limit: PAGE_SIZE,
      hostId: 'db',
      q: 'disk',
      to: ['critical', 'warn'],
      beforeId: 42,
    });
  });
});

describe('matchesFilter', () => {
  it('lets everything through an empty filter', () => {
    expect(matchesFilter(entry(), EMPTY_FILTER, 'web-1')).toBe(true);
  });

  it('checks host, target state and scope', () => {
    expect(matchesFilter(entry(), { ...EMPTY_FILTER, hostId: 'db' }, 'web-1')).toBe(false);
    expect(matchesFilter(entry(), { ...EMPTY_FILTER, to: ['warn', 'stale'] }, 'web-1')).toBe(false);
    expect(matchesFilter(entry(), { ...EMPTY_FILTER, to: ['critical'] }, 'web-1')).toBe(true);
    expect(matchesFilter(entry(), { ...EMPTY_FILTER, scope: 'host' }, 'web-1')).toBe(false);
    expect(
      matchesFilter(entry({ kind: 'host', signal: 'host' }), { ...EMPTY_FILTER, scope: 'host' }, 'w'),
    ).toBe(true);
    expect(matchesFilter(entry({ kind: 'host' }), { ...EMPTY_FILTER, scope: 'signals' }, 'w')).toBe(false);
  });

  it('needs every word of the search somewhere in the name, signal or reason', () => {
    const f = (q: string) => matchesFilter(entry(), { ...EMPTY_FILTER, q }, 'Web Front');
    expect(f('FRONT memory')).toBe(true);
    expect(f('93%')).toBe(true);
    expect(f('front disk')).toBe(false);
    expect(f('   ')).toBe(true);
  });
});

describe('mergeNewest', () => {
  it('unions by id, newest first, the later copy winning', () => {
    const merged = mergeNewest(
      [entry({ id: 3 }), entry({ id: 1 })],
      [entry({ id: 4 }), entry({ id: 3, to: 'ok' })],
    );
    expect(merged.map((e) => e.id)).toEqual([4, 3, 1]);
    expect(merged[1]?.to).toBe('ok');
  });
});

describe('probe rows', () => {
  const probe = entry({ hostId: '', probeId: 'api', kind: 'probe', signal: 'probe', reason: 'status 503' });

  it('asks the engine for one probe', () => {
    expect(listInput({ ...EMPTY_FILTER, probeId: 'api', scope: 'probes' })).toEqual({
      scope: 'probes',
      limit: PAGE_SIZE,
      probeId: 'api',
    });
  });

  it('shows a pushed probe row under its probe and the probes scope, never under a host', () => {
    expect(matchesFilter(probe, EMPTY_FILTER, 'API health')).toBe(true);
    expect(matchesFilter(probe, { ...EMPTY_FILTER, scope: 'probes' }, 'API health')).toBe(true);
    expect(matchesFilter(probe, { ...EMPTY_FILTER, probeId: 'api' }, 'API health')).toBe(true);
    expect(matchesFilter(probe, { ...EMPTY_FILTER, probeId: 'other' }, 'API health')).toBe(false);
    expect(matchesFilter(probe, { ...EMPTY_FILTER, hostId: '' }, 'API health')).toBe(false);
    expect(matchesFilter(probe, { ...EMPTY_FILTER, scope: 'host' }, 'API health')).toBe(false);
    expect(matchesFilter(probe, { ...EMPTY_FILTER, scope: 'signals' }, 'API health')).toBe(false);
    expect(matchesFilter(entry(), { ...EMPTY_FILTER, scope: 'probes' }, 'web-1')).toBe(false);
    expect(matchesFilter(probe, { ...EMPTY_FILTER, q: 'health 503' }, 'API health')).toBe(true);
  });

  it('names and links a probe row by the probe, falling back to its id', () => {
    expect(subjectOf(probe, { api: 'a host called api' }, { api: 'API health' })).toEqual({
      kind: 'probe',
      id: 'api',
      name: 'API health',
    });
    expect(subjectOf(probe, {}, {})).toEqual({ kind: 'probe', id: 'api', name: 'api' });
    expect(subjectOf(entry(), { 'web-1': 'web one' }, {})).toEqual({
      kind: 'host',
      id: 'web-1',
      name: 'web one',
    });
  });

  it('names a service row "db-1 postgres", links it to its host, and files it under the host', () => {
    const svc = entry({ hostId: 'db-1/postgres', signal: 'service', kind: 'service' });
    expect(subjectOf(svc, { 'db-1': 'db-1' }, {})).toEqual({
      kind: 'host',
      id: 'db-1',
      name: 'db-1 postgres',
    });
    expect(subjectOf(svc, {}, {})).toEqual({ kind: 'host', id: 'db-1', name: 'db-1 postgres' });
    expect(matchesFilter(svc, { ...EMPTY_FILTER, hostId: 'db-1' }, 'db-1 postgres')).toBe(true);
    expect(matchesFilter(svc, { ...EMPTY_FILTER, hostId: 'db-10' }, 'db-1 postgres')).toBe(false);
  });
});

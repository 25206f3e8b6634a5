import { describe, expect, it } from 'vitest';
import type { AlertEntry } from '../../shared/alerts';
import { EMPTY_FILTER, listInput, matchesFilter, mergeNewest, PAGE_SIZE } from './alertFilter';

function entry(over: Partial<AlertEntry> = {}): AlertEntry {
  return {
    id: 1,
    hostId: 'web-1',
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
      listInput({ hostId: 'db', q: '  disk  ', to: ['critical', 'warn'], scope: 'signals' }, 42),
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

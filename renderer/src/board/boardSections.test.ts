import { describe, expect, it } from 'vitest';
import type { HealthState } from '../../../shared/schemas';
import { compareWorstFirst, type BoardRow } from './boardOrder';
import { boardSections, matchesQuery, probeMatches } from './boardSections';

const row = (id: string, state: HealthState, tags: string[] = [], name = id): BoardRow => ({
  id,
  name,
  state,
  tags,
});

const NONE = { query: '', state: null };

describe('worst-first order', () => {
  it('puts red, amber, grey, waiting, green in that order', () => {
    const rows = [
      row('g', 'green'),
      row('w', 'waiting'),
      row('r', 'red'),
      row('y', 'grey'),
      row('a', 'amber'),
    ];
    expect(boardSections(rows, NONE, false)[0]?.ids).toEqual(['r', 'a', 'y', 'w', 'g']);
  });

  it('orders a state by name, numbers as numbers, whatever order the engine sent', () => {
    const rows = [row('web-10', 'green'), row('web-2', 'green'), row('db', 'red'), row('Api', 'green')];
    expect(boardSections(rows, NONE, false)[0]?.ids).toEqual(['db', 'Api', 'web-2', 'web-10']);
  });

  it('is a total order: equal names fall back to the id', () => {
    expect(compareWorstFirst(row('b', 'red', [], 'x'), row('a', 'red', [], 'x'))).toBeGreaterThan(0);
    expect(compareWorstFirst(row('a', 'red'), row('a', 'red'))).toBe(0);
  });

  it('moves a card only when its state changes', () => {
    const before = [row('a', 'green'), row('b', 'green'), row('c', 'green')];
    expect(boardSections(before, NONE, false)[0]?.ids).toEqual(['a', 'b', 'c']);
    const after = [row('a', 'green'), row('b', 'green'), row('c', 'amber')];
    expect(boardSections(after, NONE, false)[0]?.ids).toEqual(['c', 'a', 'b']);
  });
});

describe('filtering', () => {
  const rows = [
    row('web-1', 'red', ['prod', 'web']),
    row('web-2', 'green', ['prod', 'web']),
    row('db-1', 'amber', ['prod', 'db']),
    row('lab', 'green'),
  ];

  it('matches the query against name and tags, ignoring case and spaces around it', () => {
    expect(matchesQuery(rows[0]!, ' WEB ')).toBe(true);
    expect(matchesQuery(rows[2]!, 'db')).toBe(true);
    expect(matchesQuery(rows[3]!, 'prod')).toBe(false);
    expect(matchesQuery(rows[3]!, '')).toBe(true);
  });

  it('filters by state', () => {
    expect(boardSections(rows, { query: '', state: 'green' }, false)[0]?.ids).toEqual(['lab', 'web-2']);
  });

  it('combines the state filter with the search', () => {
    expect(boardSections(rows, { query: 'web', state: 'green' }, false)[0]?.ids).toEqual(['web-2']);
  });

  it('has no sections when nothing matches', () => {
    expect(boardSections(rows, { query: 'nope', state: null }, false)).toEqual([]);
    expect(boardSections(rows, { query: '', state: 'grey' }, true)).toEqual([]);
  });
});

describe('grouping by tag', () => {
  it('gives each tag a section, worst first inside, untagged last', () => {
    const rows = [
      row('web-2', 'green', ['web', 'prod']),
      row('web-1', 'red', ['web', 'prod']),
      row('db-1', 'amber', ['db', 'prod']),
      row('lab', 'red'),
    ];
    const sections = boardSections(rows, NONE, true);
    expect(sections.map((s) => [s.key, s.title, s.ids])).toEqual([
      ['tag:db', 'db', ['db-1']],
      ['tag:prod', 'prod', ['web-1', 'db-1', 'web-2']],
      ['tag:web', 'web', ['web-1', 'web-2']],
      ['untagged', 'Untagged', ['lab']],
    ]);
  });

  it('lists a host once per tag even if a tag repeats', () => {
    const sections = boardSections([row('a', 'green', ['x', 'x'])], NONE, true);
    expect(sections).toEqual([{ key: 'tag:x', tag: 'x', title: 'x', ids: ['a'] }]);
  });
});

describe('probeMatches', () => {
  const probe = { name: 'API health', url: 'https://api.example.com/health', state: 'red' as const };
  it('matches the search text in the name or the URL, any case', () => {
    expect(probeMatches(probe, { query: '', state: null })).toBe(true);
    expect(probeMatches(probe, { query: ' api ', state: null })).toBe(true);
    expect(probeMatches(probe, { query: 'EXAMPLE.com', state: null })).toBe(true);
    expect(probeMatches(probe, { query: 'db', state: null })).toBe(false);
  });
  it('keeps only the filtered state', () => {
    expect(probeMatches(probe, { query: '', state: 'red' })).toBe(true);
    expect(probeMatches(probe, { query: 'api', state: 'green' })).toBe(false);
  });
});

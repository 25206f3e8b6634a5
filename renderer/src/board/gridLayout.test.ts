import { describe, expect, it } from 'vitest';
import { buildGrid, columnsFor, offsetsOf, rangeIn, rowItemOf } from './gridLayout';

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('columnsFor', () => {
  it('fits as many minimum-width cards and gaps as the width holds', () => {
    expect(columnsFor(300, 300, 16)).toBe(1);
    expect(columnsFor(615, 300, 16)).toBe(1);
    expect(columnsFor(616, 300, 16)).toBe(2);
    expect(columnsFor(1384, 300, 16)).toBe(4);
  });

  it('is at least one, also before the width is known', () => {
    expect(columnsFor(0)).toBe(1);
    expect(columnsFor(120)).toBe(1);
    expect(columnsFor(Number.NaN)).toBe(1);
  });
});

describe('buildGrid', () => {
  it('cuts each section into rows of N, with a header when grouping', () => {
    const model = buildGrid(
      [
        { key: 'tag:a', ids: ids('a', 5) },
        { key: 'tag:b', ids: ids('b', 2) },
      ],
      2,
      true,
    );
    expect(model.items.map((i) => (i.kind === 'row' ? `${i.key}:${i.ids.join(',')}` : i.key))).toEqual([
      'tag:a#h',
      'tag:a#0:a0,a1',
      'tag:a#1:a2,a3',
      'tag:a#2:a4',
      'tag:b#h',
      'tag:b#0:b0,b1',
    ]);
    expect(model.firstRow).toEqual([1, 5]);
    expect(model.sizes).toEqual([5, 2]);
    expect(rowItemOf(model, 0, 4, 2)).toBe(3);
    expect(rowItemOf(model, 1, 1, 2)).toBe(5);
  });

  it('has no headers for the single ungrouped grid', () => {
    const model = buildGrid([{ key: 'all', ids: ids('h', 500) }], 4, false);
    expect(model.items).toHaveLength(125);
    expect(model.items.every((i) => i.kind === 'row' && i.ids.length === 4)).toBe(true);
  });
});

describe('offsets and the visible range', () => {
  const model = buildGrid([{ key: 'all', ids: ids('h', 40) }], 4, false); // 10 rows
  const tops = offsetsOf(model.items, () => 100);

  it('stacks item heights', () => {
    expect(tops.slice(0, 3)).toEqual([0, 100, 200]);
    expect(tops.at(-1)).toBe(1000);
  });

  it('returns the rows overlapping the window, and only those', () => {
    expect(rangeIn(tops, 0, 250)).toEqual([0, 3]);
    expect(rangeIn(tops, 100, 200)).toEqual([1, 2]);
    expect(rangeIn(tops, 150, 151)).toEqual([1, 2]);
    expect(rangeIn(tops, 950, 5000)).toEqual([9, 10]);
  });

  it('clamps windows above and below the board', () => {
    expect(rangeIn(tops, -500, -100)).toEqual([0, 0]);
    expect(rangeIn(tops, -500, 50)).toEqual([0, 1]);
    expect(rangeIn(tops, 2000, 3000)).toEqual([10, 10]);
  });

  it('handles an empty board', () => {
    expect(
      rangeIn(
        offsetsOf([], () => 1),
        0,
        100,
      ),
    ).toEqual([0, 0]);
  });
});

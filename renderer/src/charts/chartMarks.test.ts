import { describe, expect, it } from 'vitest';
import { isolatedPoints, LINE_DASHES, timeAxisSpace } from './chartMarks';

describe('chart marks', () => {
  it('finds the samples a line cannot draw', () => {
    expect(isolatedPoints([5])).toEqual([0]);
    expect(isolatedPoints([1, 2, null, 3, null, null, 4, 5])).toEqual([3]);
    expect(isolatedPoints([null, 7, undefined])).toEqual([1]);
    expect(isolatedPoints([1, 2, 3])).toEqual([]);
    expect(isolatedPoints([])).toEqual([]);
  });

  it('spaces time labels by at least their width, more on wide charts', () => {
    expect(timeAxisSpace(300)).toBe(70);
    expect(timeAxisSpace(1200)).toBe(120);
  });

  it('gives the second and third line a dash, so they differ by more than colour', () => {
    expect(LINE_DASHES[0]).toBeUndefined();
    expect(LINE_DASHES[1]).not.toEqual(LINE_DASHES[2]);
  });
});

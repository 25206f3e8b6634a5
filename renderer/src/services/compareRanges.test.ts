import { describe, expect, it } from 'vitest';
import { apiRange, compareWindow } from './compareRanges';

describe('compareWindow', () => {
  const span = { from: 100_000_000, to: 103_600_000 };
  it('takes the same length just before, or the same hours a day earlier', () => {
    expect(compareWindow(span, 'before')).toEqual({ from: 96_400_000, to: 100_000_000 });
    expect(compareWindow(span, 'day')).toEqual({ from: 13_600_000, to: 17_200_000 });
    expect(compareWindow(span, 'none')).toBeNull();
  });
  it('never reaches before the epoch, and rounds to whole milliseconds', () => {
    expect(compareWindow({ from: 10, to: 50 }, 'day')).toEqual({ from: 0, to: 0 });
    expect(apiRange({ from: 1.5, to: 2.2 })).toEqual({ fromTs: 1, toTs: 3 });
  });
});

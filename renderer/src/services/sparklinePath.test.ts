import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparklinePath';

describe('sparklinePath', () => {
  it('draws from zero at the bottom to the highest value at the top, oldest at the left', () => {
    const path = sparklinePath(
      [
        { ts: 2000, value: 10 },
        { ts: 1000, value: 0 },
        { ts: 3000, value: 5 },
      ],
      100,
      20,
    );
    expect(path).toBe('M0.0 20.0 L50.0 0.0 L100.0 10.0');
  });
  it('breaks the line where a point has no value', () => {
    const path = sparklinePath(
      [
        { ts: 0, value: 1 },
        { ts: 1, value: 1 },
        { ts: 2, value: null },
        { ts: 3, value: 2 },
        { ts: 4, value: 2 },
      ],
      40,
      10,
    );
    expect(path?.match(/M/g)).toHaveLength(2);
  });
  it('draws nothing with fewer than two values, and never NaN', () => {
    expect(sparklinePath([{ ts: 0, value: 3 }], 10, 10)).toBeNull();
    expect(sparklinePath([], 10, 10)).toBeNull();
    const flat = sparklinePath(
      [
        { ts: 5, value: 0 },
        { ts: 5, value: 0 },
      ],
      10,
      10,
    );
    expect(flat).not.toContain('NaN');
  });
});

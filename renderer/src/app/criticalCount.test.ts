import { describe, expect, it } from 'vitest';
import { criticalLabel, redIn } from './criticalCount';

describe('criticalLabel', () => {
  it('counts critical probes beside critical hosts', () => {
    expect(criticalLabel(1, 1)).toBe('1 host, 1 probe critical');
    expect(criticalLabel(2, 0)).toBe('2 hosts critical');
    expect(criticalLabel(0, 3)).toBe('3 probes critical');
    expect(criticalLabel(0, 0)).toBe('nothing critical');
  });
});

describe('redIn', () => {
  it('counts only red entries, and ids missing from the map as not red', () => {
    const byId = {
      a: { health: { state: 'red' } },
      b: { health: { state: 'amber' } },
      c: { health: { state: 'red' } },
    };
    expect(redIn(['a', 'b', 'c', 'gone'], byId)).toBe(2);
  });
});

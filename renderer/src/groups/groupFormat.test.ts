import { describe, expect, it } from 'vitest';
import type { GroupView } from '../../../shared/groups';
import { groupHeadline, ratio } from './groupFormat';
import { memberColumns } from './memberColumns';

const view = (over: Partial<GroupView>): GroupView => ({
  tag: 'web',
  state: 'green',
  reasons: [],
  members: [],
  cpu: { mean: 41.6, p90: 50, max: 50, n: 3 },
  memory: null,
  load: null,
  scaleIn: null,
  balance: [],
  balancer: null,
  balancerStatus: null,
  signals: [],
  ...over,
});

describe('group page helpers', () => {
  it('says the worst reason as the engine wrote it, or how busy the group is', () => {
    expect(
      groupHeadline(view({ state: 'red', reasons: ['web: web-3 takes 0.05× its share of requests'] })),
    ).toBe('web: web-3 takes 0.05× its share of requests');
    expect(groupHeadline(view({}))).toBe('All group signals ok: mean CPU 42 % across 3 hosts');
    expect(groupHeadline(view({ state: 'grey' }))).toBe('No member is sending data');
    expect(ratio(null)).toBe('—');
    expect(ratio(0.05)).toBe('0.05×');
    expect(ratio(2.14)).toBe('2.1×');
  });

  it('puts members on one time axis, with gaps where a member has no point', () => {
    const cols = memberColumns([
      [
        [1000, 10, 9, 11],
        [3000, 30, 29, 31],
      ],
      [[2000, 20, 19, 21]],
    ]);
    expect(cols).toEqual([
      [1, 2, 3],
      [10, null, 30],
      [null, 20, null],
    ]);
  });
});

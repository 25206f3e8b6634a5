import { beforeEach, describe, expect, it } from 'vitest';
import type { LoadRun, LoadTarget } from '../../../shared/loadTests';
import { mergeRun, useLoadTestsStore } from './loadTestsStore';

const run = (id: number, over: Partial<LoadRun> = {}): LoadRun =>
  ({
    id,
    targetId: 't',
    targetName: 't',
    status: 'done',
    startedAt: id * 1000,
    baseline: false,
    result: null,
    comparison: null,
    ...over,
  }) as LoadRun;
const target = (id: string): LoadTarget => ({ id, name: id, createdAt: 0, hostId: null }) as LoadTarget;
const initial = useLoadTestsStore.getState();

beforeEach(() => useLoadTestsStore.setState(initial, true));

describe('mergeRun', () => {
  it('keeps newest first, replaces by id, and moves the baseline', () => {
    const runs = [run(2), run(1, { baseline: true })];
    expect(mergeRun(runs, run(3)).map((r) => r.id)).toEqual([3, 2, 1]);
    const moved = mergeRun(runs, run(2, { baseline: true }));
    expect(moved.map((r) => [r.id, r.baseline])).toEqual([
      [2, true],
      [1, false],
    ]);
  });
});

describe('useLoadTestsStore', () => {
  it('selects the first target, and keeps a selection that still exists', () => {
    const s = useLoadTestsStore.getState();
    s.setTargets([target('a'), target('b')]);
    expect(useLoadTestsStore.getState().selectedTargetId).toBe('a');
    s.selectTarget('b');
    s.setTargets([target('b')]);
    expect(useLoadTestsStore.getState().selectedTargetId).toBe('b');
    s.dropTarget('b');
    expect(useLoadTestsStore.getState().selectedTargetId).toBeNull();
  });

  it('tracks progress while running and drops it when the run ends; late snapshots are ignored', () => {
    const s = useLoadTestsStore.getState();
    s.applyRun(run(1, { status: 'running' }));
    const p = {
      runId: 1,
      targetId: 't',
      elapsedMs: 1,
      totalMs: 3,
      fraction: 0.3,
      requests: 1,
      errors: 0,
      rps: 1,
      p95Ms: 1,
      host: null,
    };
    s.applyProgress(p);
    expect(useLoadTestsStore.getState().progress[1]).toEqual(p);
    s.applyRun(run(1, { status: 'done' }));
    expect(useLoadTestsStore.getState().progress[1]).toBeUndefined();
    s.applyProgress(p);
    expect(useLoadTestsStore.getState().progress[1]).toBeUndefined();
  });

  it('keeps a run that arrived while the list was being fetched', () => {
    const s = useLoadTestsStore.getState();
    s.applyRun(run(3, { status: 'running' }));
    s.setRuns('t', [run(2), run(1)]);
    expect(useLoadTestsStore.getState().runs.t?.map((r) => r.id)).toEqual([3, 2, 1]);
  });
});

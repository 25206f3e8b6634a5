import { beforeEach, describe, expect, it } from 'vitest';
import { testRun, testStatus } from './probeTestData';
import { useProbesStore } from './probesStore';

const store = useProbesStore;

beforeEach(() => {
  store.setState({ order: [], byId: {}, loaded: false, loadError: null });
  store.getState().setAll([testStatus('b'), testStatus('a', 'red')]);
});

describe('probes store', () => {
  it('keeps the list worst first, then by name', () => {
    expect(store.getState().order).toEqual(['a', 'b']);
    expect(store.getState().loaded).toBe(true);
  });

  it('applies a new status and re-sorts when a state changes', () => {
    const ok = store.getState().applyChange({ probeId: 'b', removed: false, status: testStatus('b', 'red') });
    expect(ok).toBe(true);
    expect(store.getState().byId.b?.health.state).toBe('red');
    store.getState().applyChange({ probeId: 'a', removed: false, status: testStatus('a', 'green') });
    expect(store.getState().order).toEqual(['b', 'a']);
  });

  it('keeps the order array when a run changes nothing about it', () => {
    const before = store.getState().order;
    store.getState().applyChange({ probeId: 'b', removed: false, status: testStatus('b') });
    expect(store.getState().order).toBe(before);
  });

  it('adds a probe it did not know and drops a removed one', () => {
    store.getState().applyChange({ probeId: 'c', removed: false, status: testStatus('c', 'amber') });
    expect(store.getState().order).toEqual(['a', 'c', 'b']);
    store.getState().applyChange({ probeId: 'a', removed: true, status: null });
    expect(store.getState().order).toEqual(['c', 'b']);
    expect(store.getState().byId.a).toBeUndefined();
  });

  it('ignores a run older than the one it has', () => {
    store.getState().applyChange({
      probeId: 'b',
      removed: false,
      status: testStatus('b', 'green', { last: testRun({ ts: 10 }) }),
    });
    store.getState().applyChange({
      probeId: 'b',
      removed: false,
      status: testStatus('b', 'red', { last: testRun({ ts: 5 }) }),
    });
    expect(store.getState().byId.b?.health.state).toBe('green');
  });

  it('asks for a reload when an event carries no status', () => {
    expect(store.getState().applyChange({ probeId: 'x', removed: false, status: null })).toBe(false);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { BoardEntry, Health, HealthState, Sample } from '../../../shared/schemas';
import { historyCap, HISTORY_LENGTH, SPARKLINE_SAMPLES, useHostsStore } from './hostsStore';

const sample = (hostId: string, ts: number, busyPct = 20): Sample => ({
  hostId,
  ts,
  pollMs: 1,
  cpu: { cores: 4, busyPct, iowaitPct: 1, stealPct: 0 },
  load: [0.5, 0.5, 0.5],
  mem: { totalBytes: 16 * 2 ** 30, usedBytes: 4 * 2 ** 30, availableBytes: 12 * 2 ** 30 },
  swap: { totalBytes: 0, usedBytes: 0 },
  disks: [],
  diskIo: { readBps: 0, writeBps: 0 },
  net: [],
  uptimeSec: 1,
  processCount: 1,
});

const health = (hostId: string, state: HealthState, reasons: string[] = []): Health => ({
  hostId,
  state,
  reasons,
  lastSampleTs: null,
  since: 0,
});

const entry = (id: string, state: HealthState = 'green'): BoardEntry => ({
  host: { id, name: id, kind: 'local', intervalMs: 1000, tags: [] },
  health: health(id, state),
  latest: null,
  link: { state: 'ok', message: '', since: 0, pendingKey: null, connectMs: null, pollMs: null },
});

const store = useHostsStore;

beforeEach(() => {
  store.setState({ order: [], byId: {}, rows: [] });
  store.getState().setBoard([entry('a'), entry('b'), entry('c')]);
});

describe('applyEvents', () => {
  it('applies a frame of events in one update, touching only the hosts they are for', () => {
    const before = store.getState();
    let updates = 0;
    const off = store.subscribe(() => updates++);
    const known = before.applyEvents([
      { kind: 'sample', sample: sample('a', 1) },
      { kind: 'sample', sample: sample('a', 2) },
      { kind: 'sample', sample: sample('b', 1) },
    ]);
    off();
    const after = store.getState();
    expect(known).toBe(true);
    expect(updates).toBe(1);
    expect(after.byId.a?.history.map((s) => s.ts)).toEqual([1, 2]);
    expect(after.byId.a?.latest?.ts).toBe(2);
    expect(after.byId.c).toBe(before.byId.c);
  });

  it('keeps the board rows while only samples and reasons change, so nothing re-sorts', () => {
    const rows = store.getState().rows;
    store.getState().applyEvents([
      { kind: 'sample', sample: sample('a', 1, 99) },
      { kind: 'health', health: health('b', 'green', []) },
    ]);
    expect(store.getState().rows).toBe(rows);
  });

  it('rebuilds the rows when a state changes', () => {
    const rows = store.getState().rows;
    store.getState().applyEvents([{ kind: 'health', health: health('b', 'red', ['CPU 99% ≥ 95%']) }]);
    const next = store.getState().rows;
    expect(next).not.toBe(rows);
    expect(next.find((r) => r.id === 'b')?.state).toBe('red');
    expect(store.getState().byId.b?.health.reasons).toEqual(['CPU 99% ≥ 95%']);
  });

  it('ignores replayed samples and reports hosts it does not know', () => {
    store.getState().applyEvents([{ kind: 'sample', sample: sample('a', 5) }]);
    const a = store.getState().byId.a;
    let updates = 0;
    const off = store.subscribe(() => updates++);
    const known = store.getState().applyEvents([
      { kind: 'sample', sample: sample('a', 5) },
      { kind: 'sample', sample: sample('zz', 6) },
    ]);
    off();
    expect(known).toBe(false);
    expect(updates).toBe(0);
    expect(store.getState().byId.a).toBe(a);
  });
});

describe('history', () => {
  it('keeps at most the per-host cap, oldest dropped', () => {
    const cap = historyCap(3);
    store
      .getState()
      .applyEvents(
        Array.from({ length: cap + 5 }, (_, i) => ({ kind: 'sample', sample: sample('a', i + 1) })),
      );
    const h = store.getState().byId.a?.history ?? [];
    expect(h).toHaveLength(cap);
    expect(h[0]?.ts).toBe(6);
  });

  it('shares a fixed budget across a large fleet, never below a sparkline', () => {
    expect(historyCap(1)).toBe(HISTORY_LENGTH);
    expect(historyCap(100)).toBe(HISTORY_LENGTH);
    expect(historyCap(500)).toBe(SPARKLINE_SAMPLES);
    expect(historyCap(5000)).toBe(SPARKLINE_SAMPLES);
  });

  it('survives a board reload, trimmed to the new cap', () => {
    const samples = Array.from({ length: HISTORY_LENGTH }, (_, i) => sample('a', i + 1));
    store.getState().applyEvents(samples.map((s) => ({ kind: 'sample', sample: s })));
    expect(store.getState().byId.a?.history).toHaveLength(HISTORY_LENGTH);
    const fleet = Array.from({ length: 500 }, (_, i) => entry(i === 0 ? 'a' : `h${i}`));
    store.getState().setBoard(fleet);
    const h = store.getState().byId.a?.history ?? [];
    expect(h).toHaveLength(SPARKLINE_SAMPLES);
    expect(h.at(-1)?.ts).toBe(HISTORY_LENGTH);
    expect(store.getState().rows).toHaveLength(500);
  });
});

it('removes a host from the entries and the rows', () => {
  store.getState().removeHost('b');
  expect(store.getState().order).toEqual(['a', 'c']);
  expect(store.getState().rows.map((r) => r.id)).toEqual(['a', 'c']);
});

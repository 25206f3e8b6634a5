import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncidentSummary } from '../../../shared/incidents';
import type { BoardEntry, Health, HealthState } from '../../../shared/schemas';
import { testStatus } from '../probes/probeTestData';
import { testSample } from '../hosts/testSample';
import { FakeApi, FakeConnection } from './fakeApi';

// What the stores touch of a browser, set before they are imported (boardPerf reads the URL,
// the ui store localStorage and the colour scheme): a frame queue the test runs by hand, and
// a colour-scheme query the test can change.
const page = vi.hoisted(() => {
  const frames: (() => void)[] = [];
  const media = { matches: false, listeners: new Set<() => void>() };
  const g = globalThis as Record<string, unknown>;
  g.location = { search: '' };
  g.localStorage = { getItem: () => null, setItem: () => {} };
  g.requestAnimationFrame = (fn: () => void) => frames.push(fn);
  g.cancelAnimationFrame = (id: number) => {
    frames[id - 1] = () => {};
  };
  g.window = {
    matchMedia: () => ({
      get matches() {
        return media.matches;
      },
      addEventListener: (_: string, l: () => void) => media.listeners.add(l),
      removeEventListener: (_: string, l: () => void) => media.listeners.delete(l),
    }),
  };
  const runFrames = (): void => {
    for (const f of frames.splice(0)) f();
  };
  return { frames, media, runFrames };
});

const { initStores } = await import('./initStores');
const { useHostsStore } = await import('../hosts/hostsStore');
const { useIncidentsStore } = await import('../incidents/incidentsStore');
const { useProbesStore } = await import('../probes/probesStore');
const { useTrendsStore } = await import('../hosts/trendsStore');
const { useUiStore } = await import('./uiStore');

const health = (hostId: string, state: HealthState): Health => ({
  hostId,
  state,
  reasons: [],
  lastSampleTs: null,
  since: 0,
});

const entry = (id: string): BoardEntry => ({
  host: { id, name: id, kind: 'local', intervalMs: 1000, tags: [] },
  health: health(id, 'green'),
  latest: null,
  link: { state: 'ok', message: '', since: 0, pendingKey: null, connectMs: null, pollMs: null },
});

const incident = (id: string, status: IncidentSummary['status'] = 'investigating'): IncidentSummary =>
  ({
    id,
    title: id,
    severity: 'SEV2',
    status,
    declaredAt: 1,
    startedAt: 1,
    warnings: [],
  }) as unknown as IncidentSummary;

let api: FakeApi;
let connection: FakeConnection;
let stop: () => void;

/** Starts the stores and answers what they ask for first: a board of `ids`, no probes, no incidents. */
async function start(ids: string[] = ['a', 'b']): Promise<void> {
  stop = initStores(api, connection);
  await api.answer('board:trends', { to: 10, hosts: [{ hostId: 'a', points: [] }] });
  await api.answer('board:get', ids.map(entry));
  await api.answer('probes:list', []);
  await api.answer('incidents:list', []);
}

beforeEach(() => {
  api = new FakeApi();
  connection = new FakeConnection();
  useHostsStore.setState({ order: [], byId: {}, rows: [], loaded: false, loadError: null });
  useProbesStore.setState({ order: [], byId: {}, loaded: false, loadError: null });
  useIncidentsStore.setState({ list: [], loaded: false, loadError: null });
  useTrendsStore.setState({ byId: {}, to: null });
  page.frames.length = 0;
});

afterEach(() => stop());

describe('initStores', () => {
  it('asks for the board, its trends, the probes and the incidents, and shows the board once the trends are in', async () => {
    stop = initStores(api, connection);
    expect(api.waiting().sort()).toEqual(['board:get', 'board:trends', 'incidents:list', 'probes:list']);
    await api.answer('board:get', [entry('a')]);
    // The board waits for its sparklines, so its cards paint once.
    expect(useHostsStore.getState().loaded).toBe(false);
    await api.answer('board:trends', { to: 10, hosts: [{ hostId: 'a', points: [] }] });
    expect(useHostsStore.getState().order).toEqual(['a']);
    expect(useTrendsStore.getState().to).toBe(10);
    await api.answer('probes:list', [testStatus('p')]);
    expect(useProbesStore.getState().order).toEqual(['p']);
    await api.answer('incidents:list', [incident('INC-1')]);
    expect(useIncidentsStore.getState().list.map((i) => i.id)).toEqual(['INC-1']);
  });

  it('says why the board did not load', async () => {
    stop = initStores(api, connection);
    await api.answer('board:trends', { to: 10, hosts: [] });
    await api.refuse('board:get', 'The store is locked.');
    expect(useHostsStore.getState().loadError).toBe('The store is locked.');
  });

  it('applies samples and health changes once a frame, in order', async () => {
    await start();
    api.fire('metrics:sample', testSample(5, { hostId: 'a' }));
    api.fire('health:changed', health('a', 'red'));
    expect(useHostsStore.getState().byId.a?.latest).toBeNull();
    page.runFrames();
    expect(useHostsStore.getState().byId.a?.latest?.ts).toBe(5);
    expect(useHostsStore.getState().byId.a?.health.state).toBe('red');
  });

  it('reads the board again when an event names a host it does not know', async () => {
    await start(['a']);
    api.fire('health:changed', health('new', 'green'));
    page.runFrames();
    expect(api.waiting()).toEqual(['board:get']);
    await api.answer('board:get', [entry('a'), entry('new')]);
    expect(useHostsStore.getState().order).toEqual(['a', 'new']);
  });

  it('drops a removed host at once and reads the board for a changed one', async () => {
    await start();
    api.fire('hosts:changed', { hostId: 'b', removed: true });
    expect(useHostsStore.getState().order).toEqual(['a']);
    expect(api.waiting()).toEqual([]);
    api.fire('hosts:changed', { hostId: 'a', removed: false });
    expect(api.waiting()).toEqual(['board:get']);
  });

  it('reads the board once more when a change is announced while it is on its way', async () => {
    await start(['a']);
    api.fire('hosts:changed', { hostId: 'a', removed: false });
    api.fire('hosts:changed', { hostId: 'b', removed: false });
    // One call in flight: the second change waits for it, then asks again.
    expect(api.waiting()).toEqual(['board:get']);
    await api.answer('board:get', [entry('a')]);
    expect(api.waiting()).toEqual(['board:get']);
    await api.answer('board:get', [entry('a'), entry('b')]);
    expect(useHostsStore.getState().order).toEqual(['a', 'b']);
    expect(api.waiting()).toEqual([]);
  });

  it('applies a probe status as it comes, and reads the list for a change without one', async () => {
    await start();
    api.fire('probes:changed', { probeId: 'p', removed: false, status: testStatus('p', 'red') });
    expect(useProbesStore.getState().byId.p?.health.state).toBe('red');
    expect(api.waiting()).toEqual([]);
    api.fire('probes:changed', { probeId: 'q', removed: false, status: null });
    expect(api.waiting()).toEqual(['probes:list']);
    await api.answer('probes:list', [testStatus('p'), testStatus('q')]);
    expect(useProbesStore.getState().order.sort()).toEqual(['p', 'q']);
  });

  it('puts a changed incident in its place in the list', async () => {
    await start();
    api.fire('incidents:changed', { id: 'INC-2', incident: incident('INC-2') });
    expect(useIncidentsStore.getState().list.map((i) => i.id)).toEqual(['INC-2']);
    api.fire('incidents:changed', { id: 'INC-2', incident: incident('INC-2', 'resolved') });
    expect(useIncidentsStore.getState().list[0]?.status).toBe('resolved');
  });

  it('shows the connection and reads everything again when it comes back', async () => {
    await start();
    connection.set('closed');
    expect(useUiStore.getState().connection.state).toBe('closed');
    expect(api.waiting()).toEqual([]);
    connection.set('open');
    expect(useUiStore.getState().connection.state).toBe('open');
    expect(api.waiting().sort()).toEqual(['board:get', 'board:trends', 'incidents:list', 'probes:list']);
  });

  it('follows the system colour scheme until a theme is picked', async () => {
    useUiStore.setState({ themeChosen: false, theme: 'dark' });
    await start();
    page.media.matches = true;
    for (const l of page.media.listeners) l();
    expect(useUiStore.getState().theme).toBe('light');
  });

  it('undoes every subscription when cleaned up, and ignores answers that come after', async () => {
    stop = initStores(api, connection);
    stop();
    stop = () => {};
    for (const event of [
      'metrics:sample',
      'health:changed',
      'hosts:changed',
      'probes:changed',
      'incidents:changed',
    ] as const)
      expect(api.subscribers(event)).toBe(0);
    expect(connection.subscribed).toBe(0);
    expect(page.media.listeners.size).toBe(0);
    await api.answer('board:trends', { to: 10, hosts: [] });
    await api.answer('board:get', [entry('late')]);
    expect(useHostsStore.getState().loaded).toBe(false);
  });
});

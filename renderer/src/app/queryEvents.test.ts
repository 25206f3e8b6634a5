import type { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEntry } from '../../../shared/alerts';
import type { IncidentSummary } from '../../../shared/incidents';
import { createQueryClient, shouldRetry } from './queryClient';
import { initQueryEvents } from './queryEvents';
import { FakeApi, FakeConnection } from './fakeApi';
import { ApiCallError } from '../transport/apiCallError';

const alert = (hostId: string): AlertEntry => ({ id: 1, hostId, probeId: null }) as unknown as AlertEntry;

let client: QueryClient;
let api: FakeApi;
let connection: FakeConnection;
let stop: () => void;

const stale = (key: readonly unknown[]): boolean | undefined => client.getQueryState(key)?.isInvalidated;

beforeEach(() => {
  client = createQueryClient();
  api = new FakeApi();
  connection = new FakeConnection();
  for (const key of [
    ['alerts:signals', { hostId: 'a' }],
    ['alerts:signals', { hostId: 'b' }],
    ['alerts:list', 'pages', { scope: 'all', limit: 100 }],
    ['alerts:list', { hostId: 'b', scope: 'signals', limit: 200 }],
    ['incidents:get', { id: 'INC-1' }],
    ['incidents:get', { id: 'INC-2' }],
    ['silences:list', {}],
  ])
    client.setQueryData(key, {});
  stop = initQueryEvents(api, connection, client);
});

afterEach(() => {
  stop();
  client.clear();
});

describe('initQueryEvents', () => {
  it('marks the alert log and the host’s signals stale on alerts:changed, and nothing else', () => {
    api.fire('alerts:changed', alert('a'));
    expect(stale(['alerts:signals', { hostId: 'a' }])).toBe(true);
    expect(stale(['alerts:signals', { hostId: 'b' }])).toBe(false);
    expect(stale(['alerts:list', 'pages', { scope: 'all', limit: 100 }])).toBe(true);
    expect(stale(['alerts:list', { hostId: 'b', scope: 'signals', limit: 200 }])).toBe(true);
    expect(stale(['incidents:get', { id: 'INC-1' }])).toBe(false);
    expect(stale(['silences:list', {}])).toBe(false);
  });

  it('marks the changed incident stale on incidents:changed', () => {
    api.fire('incidents:changed', { id: 'INC-2', incident: {} as IncidentSummary });
    expect(stale(['incidents:get', { id: 'INC-2' }])).toBe(true);
    expect(stale(['incidents:get', { id: 'INC-1' }])).toBe(false);
  });

  it('marks everything stale when the connection comes back, not when it first opens', () => {
    connection.set('open');
    expect(stale(['silences:list', {}])).toBe(false);
    connection.set('closed');
    expect(stale(['silences:list', {}])).toBe(false);
    connection.set('connecting');
    connection.set('open');
    expect(stale(['silences:list', {}])).toBe(true);
    expect(stale(['incidents:get', { id: 'INC-1' }])).toBe(true);
  });

  it('unsubscribes when cleaned up', () => {
    stop();
    stop = () => {};
    expect(api.subscribers('alerts:changed')).toBe(0);
    expect(api.subscribers('incidents:changed')).toBe(0);
    expect(connection.subscribed).toBe(0);
  });
});

describe('shouldRetry', () => {
  it('tries once more only for a call lost on the way', () => {
    expect(shouldRetry(0, new ApiCallError('disconnected', 'lost'))).toBe(true);
    expect(shouldRetry(0, new ApiCallError('timeout', 'slow'))).toBe(true);
    expect(shouldRetry(1, new ApiCallError('timeout', 'slow'))).toBe(false);
    for (const code of [
      'bad_request',
      'not_found',
      'unauthorized',
      'forbidden',
      'conflict',
      'internal',
    ] as const)
      expect(shouldRetry(0, new ApiCallError(code, 'no'))).toBe(false);
    expect(shouldRetry(0, new Error('bug'))).toBe(false);
  });
});

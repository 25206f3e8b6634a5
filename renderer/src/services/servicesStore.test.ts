import { beforeEach, describe, expect, it } from 'vitest';
import type { ServiceState } from '../../../shared/services';
import { newestReading, serviceIdsOf, useServicesStore } from './servicesStore';

function svc(
  hostId: string,
  kind: ServiceState['config']['kind'],
  port: number,
  ts: number | null,
): ServiceState {
  const id = `${hostId}/${kind}-${port}`;
  return {
    config: {
      id,
      hostId,
      kind,
      port,
      via: 'peer',
      osUser: null,
      socketDir: null,
      database: null,
      dbUser: null,
      intervalMs: 15_000,
      longQuerySec: 30,
      addedAt: 0,
    },
    status: ts === null ? 'pending' : 'ok',
    problem: null,
    message: null,
    latest:
      ts === null
        ? null
        : {
            serviceId: id,
            ts,
            pollMs: 1,
            metrics: {},
            labelled: [],
            sessions: [],
            advice: [],
            topQueries: [],
            notes: [],
          },
    lastOkTs: ts,
    health: { state: 'green', reasons: [] },
  };
}

describe('servicesStore', () => {
  beforeEach(() => useServicesStore.getState().setAll([]));

  it('keeps a host’s services in kind and port order, and drops a removed one', () => {
    const store = useServicesStore.getState();
    store.setAll([
      svc('db-1', 'redis', 6380, 1),
      svc('db-1', 'mysql', 3306, 1),
      svc('web-1', 'redis', 6379, 1),
    ]);
    expect(serviceIdsOf(useServicesStore.getState().byId, 'db-1')).toEqual([
      'db-1/mysql-3306',
      'db-1/redis-6380',
    ]);
    store.applyChange({ serviceId: 'db-1/mysql-3306', state: null });
    expect(serviceIdsOf(useServicesStore.getState().byId, 'db-1')).toEqual(['db-1/redis-6380']);
  });

  it('drops a poll announced after a newer one', () => {
    const store = useServicesStore.getState();
    store.setAll([svc('db-1', 'redis', 6379, 200)]);
    store.applyChange({ serviceId: 'db-1/redis-6379', state: svc('db-1', 'redis', 6379, 100) });
    expect(useServicesStore.getState().byId['db-1/redis-6379']?.latest?.ts).toBe(200);
    store.applyChange({ serviceId: 'db-1/redis-6379', state: svc('db-1', 'redis', 6379, 300) });
    expect(newestReading(useServicesStore.getState().byId, 'db-1')).toBe(300);
    expect(newestReading(useServicesStore.getState().byId, 'web-1')).toBeNull();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../../shared/incidents';
import { openCount, useIncidentsStore } from './incidentsStore';

function summary(id: string, declaredAt: number, status: IncidentSummary['status']): IncidentSummary {
  return {
    id,
    title: id,
    severity: 'SEV2',
    status,
    hostIds: [],
    probeIds: [],
    roles: {},
    template: null,
    checklist: [],
    signals: [],
    snapshot: [],
    startedAt: declaredAt,
    declaredAt,
    declaredBy: 'operator',
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: status === 'resolved' ? declaredAt + 1 : null,
    lastUpdateAt: null,
    resolution: null,
    ttaMs: null,
    ttmMs: null,
    ttrMs: null,
    warnings: [],
    nextUpdateDueAt: null,
  };
}

describe('incidents store', () => {
  beforeEach(() => useIncidentsStore.setState({ list: [], loaded: false, loadError: null }));

  it('keeps open incidents first, then the newest, as changes arrive', () => {
    const s = useIncidentsStore.getState();
    s.setAll([summary('INC-1', 1, 'resolved'), summary('INC-2', 2, 'investigating')]);
    s.applyChange(summary('INC-3', 3, 'identified'));
    expect(useIncidentsStore.getState().list.map((i) => i.id)).toEqual(['INC-3', 'INC-2', 'INC-1']);
    expect(openCount(useIncidentsStore.getState())).toBe(2);

    s.applyChange(summary('INC-3', 3, 'resolved'));
    expect(useIncidentsStore.getState().list.map((i) => i.id)).toEqual(['INC-2', 'INC-3', 'INC-1']);
    expect(openCount(useIncidentsStore.getState())).toBe(1);
  });
});

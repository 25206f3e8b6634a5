import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../../shared/incidents';
import { FakeClock } from '../testing/fakes';
import { DEFAULT_PLAN, DEFAULT_TEMPLATES } from './defaults';
import {
  checkTransition,
  orderTimeline,
  overdueWarning,
  reopened,
  resolved,
  suggestTemplate,
  summarize,
  ttx,
  warnings,
  withRole,
  withStatus,
} from './model';

const MIN = 60_000;

function incident(clock: FakeClock, over: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-1',
    title: 'Disk full on db-1',
    severity: 'SEV2',
    status: 'investigating',
    hostIds: ['db-1'],
    probeIds: [],
    roles: {},
    template: null,
    checklist: [],
    signals: [],
    snapshot: [],
    startedAt: clock.now(),
    declaredAt: clock.now(),
    declaredBy: 'ana',
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    lastUpdateAt: null,
    resolution: null,
    ...over,
  };
}

describe('incident lifecycle', () => {
  it('moves between open statuses, resolves only through resolve, and leaves resolved only by reopening', async () => {
    const clock = new FakeClock();
    let inc = incident(clock);
    checkTransition(inc.id, 'investigating', 'identified');
    inc = withStatus(inc, 'identified', clock.now());
    await clock.advance(10 * MIN);
    inc = withStatus(inc, 'monitoring', clock.now());
    expect(inc.mitigatedAt).toBe(clock.now());
    // The fix did not hold: back to identified clears the mitigation, the next one counts.
    checkTransition(inc.id, 'monitoring', 'identified');
    await clock.advance(5 * MIN);
    inc = withStatus(inc, 'identified', clock.now());
    expect(inc.mitigatedAt).toBeNull();
    await clock.advance(5 * MIN);
    inc = withStatus(inc, 'monitoring', clock.now());
    const mitigated = clock.now();

    expect(() => checkTransition(inc.id, 'monitoring', 'resolved')).toThrow(/incidents:resolve/);
    expect(() => checkTransition(inc.id, 'monitoring', 'monitoring')).toThrow(/already monitoring/);
    await clock.advance(15 * MIN);
    inc = resolved(inc, clock.now(), 'rotated logs');
    expect(inc).toMatchObject({ status: 'resolved', resolvedAt: clock.now(), mitigatedAt: mitigated });
    expect(() => checkTransition(inc.id, 'resolved', 'investigating')).toThrow(/Reopen it/);
    expect(() => resolved(inc, clock.now(), null)).toThrow(/already resolved/);

    inc = reopened(inc);
    expect(inc).toMatchObject({ status: 'investigating', resolvedAt: null, mitigatedAt: null });
    expect(() => reopened(inc)).toThrow(/still open/);
  });

  it('acknowledges when a commander is first assigned, and refuses roles the plan lacks', async () => {
    const clock = new FakeClock();
    let inc = incident(clock);
    await clock.advance(3 * MIN);
    inc = withRole(inc, DEFAULT_PLAN, 'scribe', 'bo', clock.now());
    expect(inc.acknowledgedAt).toBeNull();
    inc = withRole(inc, DEFAULT_PLAN, 'commander', 'ana', clock.now());
    const ack = clock.now();
    expect(inc).toMatchObject({ roles: { scribe: 'bo', commander: 'ana' }, acknowledgedAt: ack });
    await clock.advance(MIN);
    inc = withRole(inc, DEFAULT_PLAN, 'commander', 'cy', clock.now());
    expect(inc.acknowledgedAt).toBe(ack);
    inc = withRole(inc, DEFAULT_PLAN, 'scribe', null, clock.now());
    expect(inc.roles).toEqual({ commander: 'cy' });
    expect(() => withRole(inc, DEFAULT_PLAN, 'janitor', 'x', clock.now())).toThrow(/No role "janitor"/);
  });
});

describe('overdue updates and warnings', () => {
  it('warns once a full cadence passes without an update, counting from the last one', async () => {
    const clock = new FakeClock();
    const inc = incident(clock, { severity: 'SEV2' }); // every 30 min
    expect(warnings(inc, DEFAULT_PLAN, clock.now())).toEqual(['no incident commander assigned']);
    await clock.advance(30 * MIN);
    expect(overdueWarning(inc, DEFAULT_PLAN, clock.now())).toBeNull();
    await clock.advance(MIN);
    expect(overdueWarning(inc, DEFAULT_PLAN, clock.now())).toBe(
      'update overdue: SEV2 expects one every 30 min, none posted since it was declared 31 min ago',
    );
    const updated = { ...inc, lastUpdateAt: clock.now(), roles: { commander: 'ana' } };
    expect(warnings(updated, DEFAULT_PLAN, clock.now())).toEqual([]);
    await clock.advance(42 * MIN);
    expect(warnings(updated, DEFAULT_PLAN, clock.now())).toEqual([
      'update overdue: SEV2 expects one every 30 min, last 42 min ago',
    ]);
    expect(summarize(updated, DEFAULT_PLAN, clock.now()).nextUpdateDueAt).toBe(
      (updated.lastUpdateAt ?? 0) + 30 * MIN,
    );
    // SEV1 is due sooner; a resolved incident is never overdue.
    const sev1 = { ...updated, severity: 'SEV1' as const };
    expect(overdueWarning(sev1, DEFAULT_PLAN, clock.now())).toMatch(/SEV1 expects one every 15 min/);
    const done = { ...sev1, status: 'resolved' as const, resolvedAt: clock.now() };
    expect(warnings(done, DEFAULT_PLAN, clock.now() + 24 * 60 * MIN)).toEqual([]);
    expect(summarize(done, DEFAULT_PLAN, clock.now()).nextUpdateDueAt).toBeNull();
  });
});

describe('TTx', () => {
  it('measures acknowledge, mitigate and resolve from when impact began', async () => {
    const clock = new FakeClock();
    const began = clock.now();
    await clock.advance(4 * MIN); // the host was red for 4 min before anyone declared
    let inc = incident(clock, { startedAt: began });
    expect(ttx(inc)).toEqual({ ttaMs: null, ttmMs: null, ttrMs: null });
    await clock.advance(2 * MIN);
    inc = withRole(inc, DEFAULT_PLAN, 'commander', 'ana', clock.now());
    await clock.advance(10 * MIN);
    inc = withStatus(inc, 'monitoring', clock.now());
    await clock.advance(30 * MIN);
    inc = resolved(inc, clock.now(), null);
    expect(ttx(inc)).toEqual({ ttaMs: 6 * MIN, ttmMs: 16 * MIN, ttrMs: 46 * MIN });
    // Resolved straight from investigating: mitigated at the resolution.
    const direct = resolved(incident(clock, { startedAt: began }), clock.now(), null);
    expect(ttx(direct).ttmMs).toBe(ttx(direct).ttrMs);
  });
});

describe('timeline order', () => {
  it('orders by time, then by id for entries within the same millisecond', () => {
    const e = (id: number, ts: number): TimelineEntry => ({ id, ts, kind: 'note', who: 'x', text: `${id}` });
    const out = orderTimeline([e(5, 200), e(2, 100), e(9, 100), e(1, 300), e(3, 100)]);
    expect(out.map((x) => x.id)).toEqual([2, 3, 9, 5, 1]);
  });
});

describe('template suggestion', () => {
  it.each([
    ['cpu', 'cpu-saturated'],
    ['load', 'cpu-saturated'],
    ['iowait', 'cpu-saturated'],
    ['memory', 'memory-exhaustion'],
    ['swap', 'memory-exhaustion'],
    ['disk:/var', 'disk-full'],
    ['inodes:/', 'disk-full'],
    ['data', 'host-down'],
    ['host', 'host-down'],
    ['link', 'host-down'],
    ['unreachable', 'host-down'],
    ['netErrors:eth0', 'host-down'],
    ['probe', 'slow-responses'],
    ['probe:api', 'slow-responses'],
    ['slo', 'slow-responses'],
    ['pollLatency', 'slow-responses'],
    ['diskBusy', 'slow-responses'],
    ['database', 'database-latency'],
    ['dbConnections', 'database-latency'],
    ['longQuery', 'database-latency'],
    ['service', 'database-latency'],
    ['cacheMiss', 'cache-thrashing'],
    ['evictions', 'cache-thrashing'],
    ['deploy', 'failed-deploy'],
    ['cert', 'security-finding'],
    ['security', 'security-finding'],
  ])('suggests for %s: %s', (signal, id) => {
    expect(suggestTemplate(signal, DEFAULT_TEMPLATES)?.id).toBe(id);
  });

  it('suggests nothing for an unknown signal, and follows edited templates', () => {
    expect(suggestTemplate('weather', DEFAULT_TEMPLATES)).toBeNull();
    expect(suggestTemplate('', DEFAULT_TEMPLATES)).toBeNull();
    const edited = [{ id: 'mine', title: 'Mine', signals: ['CPU'], steps: [{ id: 'a', text: 'a' }] }];
    expect(suggestTemplate('cpu', edited)?.id).toBe('mine');
  });

  it('ships defaults whose diagnostics exist', async () => {
    const { BUILTIN_CHECKS } = await import('../diagnostics/checks');
    const ids = new Set(BUILTIN_CHECKS.map((c) => c.id));
    for (const t of DEFAULT_TEMPLATES) for (const s of t.steps) if (s.diag) expect(ids).toContain(s.diag);
  });
});

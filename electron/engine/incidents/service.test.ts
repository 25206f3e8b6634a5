import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiHandlers, EventPayload, MethodInput, MethodOutput } from '../../../shared/contract';
import type { MethodName } from '../../../shared/channels';
import { dispatch } from '../../../shared/dispatch';
import { GreenboardError } from '../../../shared/errors';
import { LOCAL_HOST_ID } from '../../../shared/hosts';
import { alertingRig } from '../testing/alertingRig';
import { FakeClock, ScriptedCollector } from '../testing/fakes';
import { Receiver } from '../testing/httpReceiver';
import { mountThisMachine, sliceApi } from '../testing/testContext';
import { incidentHandlers } from './handlers';
import { IncidentService } from './service';

/**
 * The incident service on a board with alerting, wired as the engine wires them (temp data
 * folder, real SQLite), with a scripted collector for the local host, a real diagnostic run on
 * this machine, and a real webhook receiver on loopback. No probes: the service takes only
 * their list. Incidents in a saved history are the whole engine's: savedHistory.test.ts.
 */
let dir: string;
let clock: FakeClock;
let collector: ScriptedCollector;
let engine: Rig;
let changes: EventPayload<'incidents:changed'>[];
const receivers: Receiver[] = [];

const MIN = 60_000;
const RED = { mem: { totalBytes: 100, usedBytes: 97, availableBytes: 3 } };
const FINE = { mem: { totalBytes: 100, usedBytes: 20, availableBytes: 80 } };

/** What the tests drive: the API (the incidents, board, settings and alerting slices) and the life. */
interface Rig {
  api: ApiHandlers;
  start(): void;
  stop(): Promise<void>;
}

function boot(): Rig {
  changes = [];
  const rig = alertingRig({
    dataDir: dir,
    clock,
    settings: { localIntervalMs: 2000 },
    createCollector: (host, c) => (collector = new ScriptedCollector(host.id, c)),
  });
  const { ctx, alerting } = rig;
  const incidents = new IncidentService({ ...ctx, alerting, probes: { list: () => [] } });
  mountThisMachine(ctx);
  ctx.on('incidents:changed', (c) => changes.push(c));
  engine = {
    api: sliceApi({ ...rig.handlers, ...incidentHandlers({ incidents }) }),
    start: () => {
      rig.start();
      incidents.start();
    },
    stop: async () => {
      await incidents.stop();
      await rig.stop();
    },
  };
  return engine;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-incidents-'));
  clock = new FakeClock();
  boot();
  await engine.api['settings:set']({ rules: { defaults: { memory: { forMs: 0 } }, tags: {}, hosts: {} } });
});

afterEach(async () => {
  await engine.stop();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Through the contract, as both transports call it: input parsed, defaults filled in. */
async function call<M extends MethodName>(
  e: Rig,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const r = await dispatch(e.api, method, input);
  if (!r.ok) throw new GreenboardError(r.error.code, r.error.message, r.error.issues);
  return r.result as MethodOutput<M>;
}

async function redHost(): Promise<void> {
  engine.start();
  await clock.advance(2000);
  collector.next = RED;
  await clock.advance(2000);
  expect((await engine.api['board:get']({}))[0]?.health.state).toBe('red');
}

describe('incidents in the engine', () => {
  it('runs an incident from a red host to a postmortem whose timeline holds every event in order', async () => {
    const rx = await new Receiver().listen();
    receivers.push(rx);
    await engine.api['settings:set']({ notify: { desktop: false, webhookUrl: rx.url, minGapMinutes: 0 } });
    await redHost();
    const redSince = (await engine.api['board:get']({}))[0]?.health.since ?? 0;
    await clock.advance(MIN);

    const declared = await call(engine, 'incidents:declare', {
      title: 'Memory exhausted on this machine',
      severity: 'SEV2',
      hostIds: [LOCAL_HOST_ID],
      fromSignal: 'memory',
      by: 'ana',
    });
    expect(declared).toMatchObject({
      id: 'INC-1',
      status: 'investigating',
      template: 'memory-exhaustion',
      signals: [expect.stringMatching(/memory 97% ≥ 95%/)],
      snapshot: [{ hostId: LOCAL_HOST_ID, health: 'red', memPct: 97 }],
      startedAt: redSince,
      warnings: ['no incident commander assigned'],
    });
    expect(changes.at(-1)).toMatchObject({ id: 'INC-1', incident: { status: 'investigating' } });

    await clock.advance(MIN);
    const assigned = await call(engine, 'incidents:assign', {
      id: 'INC-1',
      roleId: 'commander',
      member: 'ana',
      by: 'ana',
    });
    expect(assigned.warnings).toEqual([]);
    expect(assigned.ttaMs).toBe(clock.now() - redSince);

    // "Check the top processes by memory" runs ps on this machine; its output lands in the timeline.
    const ticked = await call(engine, 'incidents:tick', { id: 'INC-1', stepId: 'top', by: 'bo' });
    expect(ticked.checklist.find((s) => s.id === 'top')).toMatchObject({ doneBy: 'bo' });
    const diag = ticked.timeline.find((e) => e.kind === 'diagnostic');
    expect(diag?.text).toMatch(/^Top processes by memory on .*: exit 0/);
    expect(diag?.data?.stdout).toMatch(/PID/);

    await call(engine, 'incidents:setStatus', { id: 'INC-1', status: 'identified', by: 'ana' });
    const updated = await call(engine, 'incidents:update', {
      id: 'INC-1',
      text: 'A runaway batch job; stopping it.',
      by: 'ana',
    });
    // The receiver also gets the alert channel's "is red"; the update is the one about INC-1.
    const posted = () => rx.texts().filter((t) => t.includes('INC-1'));
    await vi.waitFor(() => expect(posted()).toHaveLength(1));
    expect(posted()[0]).toMatch(/^\[SEV2\] INC-1 · Memory exhausted on this machine · identified\n/);
    expect(posted()[0]).toContain('A runaway batch job');
    await vi.waitFor(async () =>
      expect((await call(engine, 'incidents:get', { id: 'INC-1' })).deliveries).toMatchObject([
        { entryId: updated.timeline.at(-1)?.id, state: 'sent' },
      ]),
    );

    collector.next = FINE;
    await clock.advance(2000); // the host recovers: the feed records it
    await call(engine, 'incidents:setStatus', { id: 'INC-1', status: 'monitoring', by: 'ana' });
    await call(engine, 'incidents:note', { id: 'INC-1', text: 'Batch job limits added.', by: 'bo' });
    await clock.advance(5 * MIN);
    const done = await call(engine, 'incidents:resolve', {
      id: 'INC-1',
      resolution: 'Stopped the job.',
      by: 'ana',
    });
    expect(done).toMatchObject({ status: 'resolved', warnings: [], nextUpdateDueAt: null });
    expect(done.ttrMs).toBe(clock.now() - redSince);
    await expect(
      call(engine, 'incidents:note', { id: 'INC-1', text: 'late', by: 'x' }),
    ).resolves.toBeTruthy();
    await expect(
      call(engine, 'incidents:tick', { id: 'INC-1', stepId: 'pressure', by: 'x' }),
    ).rejects.toThrow(/INC-1 is resolved. Reopen it/);

    const kinds = done.timeline.map((e) => e.kind);
    expect(kinds).toEqual([
      'declared',
      'role',
      'checklist',
      'diagnostic',
      'status',
      'update',
      ...kinds.slice(6, -3),
      'status',
      'note',
      'resolved',
    ]);
    const recovered = done.timeline.filter((e) => e.kind === 'host_state');
    expect(recovered.map((e) => e.text)).toContainEqual(expect.stringMatching(/host: critical → ok/));

    const pm = await call(engine, 'incidents:postmortem', { id: 'INC-1' });
    expect(pm.fileName).toBe('INC-1-memory-exhausted-on-this-machine-postmortem.md');
    for (const h of ['## Summary', '## Impact', '## Timeline', '## Contributing factors', '## Resolution'])
      expect(pm.markdown).toContain(h);
    expect(pm.markdown).toMatch(/## What went well[\s\S]*## What went badly[\s\S]*## Action items/);
    // Every timeline event appears, in order.
    let at = pm.markdown.indexOf('## Timeline');
    for (const e of done.timeline) {
      const next = pm.markdown.indexOf(`| ${e.kind} | ${e.who} | ${e.text.split('\n')[0]}`, at + 1);
      expect(next, `${e.kind}: ${e.text}`).toBeGreaterThan(at);
      at = next;
    }
    expect(pm.markdown).toMatch(/\| Time \(UTC\) \| CPU busy % \| Memory used % \| Disk \/ used % \|/);
    // The red stretch shows in the memory column's bucket means (a ~95 %, then 20 % once fixed).
    expect(pm.markdown).toMatch(/\| 20\.0 \| 9\d\.\d \| 40\.0 \|/);
    expect(pm.markdown).toMatch(/\| 20\.0 \| 20\.0 \| 40\.0 \|/);
  });

  it('keeps updates off the webhook when the plan says so, and refuses plans without a commander', async () => {
    engine.start();
    const plan = await call(engine, 'incidents:plan', {});
    expect(plan.roles.map((r) => r.id)).toContain('commander');
    const renamed = await call(engine, 'incidents:setPlan', {
      ...plan,
      team: [{ name: 'ana', contact: '@ana' }],
      roles: plan.roles.map((r) => (r.id === 'commander' ? { ...r, name: 'Incident Lead' } : r)),
      severities: { ...plan.severities, SEV3: { ...plan.severities.SEV3, updateEveryMin: 20 } },
    });
    expect(renamed.roles[0]?.name).toBe('Incident Lead');
    await expect(
      call(engine, 'incidents:setPlan', { ...plan, roles: plan.roles.filter((r) => r.id !== 'commander') }),
    ).rejects.toThrow(/Incident Commander role/);

    const inc = await call(engine, 'incidents:declare', {
      title: 'Checkout slow',
      severity: 'SEV3',
      by: 'ana',
    });
    expect(inc.template).toBeNull();
    const up = await call(engine, 'incidents:update', { id: inc.id, text: 'Looking', by: 'ana' });
    expect(up.timeline.at(-1)?.data).toEqual({ notSent: 'the plan keeps SEV3 updates off the webhook' });
    await clock.advance(21 * MIN);
    const late = await call(engine, 'incidents:get', { id: inc.id });
    expect(late.warnings).toContain('update overdue: SEV3 expects one every 20 min, last 21 min ago');

    const sev2 = await call(engine, 'incidents:setSeverity', { id: inc.id, severity: 'SEV2', by: 'ana' });
    const noHook = await call(engine, 'incidents:update', { id: sev2.id, text: 'Still looking', by: 'ana' });
    expect(noHook.timeline.at(-1)?.data).toEqual({ notSent: 'no webhook is set (Settings → Notifications)' });
    expect((await call(engine, 'incidents:suggest', { signal: 'disk:/var' })).template?.id).toBe('disk-full');
    const templates = await call(engine, 'incidents:templates', {});
    const mine = {
      id: 'mine',
      title: 'Mine',
      signals: ['cpu'],
      steps: [{ id: 'a', text: 'Look', diag: 'top-cpu' }],
    };
    await call(engine, 'incidents:setTemplates', { templates: [mine, ...templates] });
    expect((await call(engine, 'incidents:suggest', { signal: 'cpu' })).template?.id).toBe('mine');
    await expect(
      call(engine, 'incidents:setTemplates', {
        templates: [{ ...mine, steps: [{ id: 'a', text: 'x', diag: 'rm-rf' }] }],
      }),
    ).rejects.toThrow(/names diagnostic "rm-rf", which is not a built-in one/);
    // …and names the field, so the editor can show it beside that step.
    await expect(
      call(engine, 'incidents:setTemplates', {
        templates: [{ ...mine, steps: [{ id: 'a', text: 'x', diag: 'rm-rf' }] }],
      }),
    ).rejects.toMatchObject({ issues: [{ path: ['templates', 0, 'steps', 0, 'diag'] }] });
    await expect(call(engine, 'incidents:get', { id: 'INC-99' })).rejects.toThrow(/No incident "INC-99"/);
    expect(await call(engine, 'incidents:list', { status: 'open' })).toHaveLength(1);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertEntry, HostNotification } from '../../../shared/alerts';
import { alertsHandlers } from '../alertsHandlers';
import { promised } from '../api';
import type { EngineContext } from '../core/context';
import type { ScreenReceipt } from '../notify/screenReceivers';
import { ProbeInputSchema } from '../../../shared/probes';
import { alertingRig } from '../testing/alertingRig';
import { FakeClock } from '../testing/fakes';
import { Receiver } from '../testing/httpReceiver';
import { probeHandlers } from './handlers';
import { ProbeService } from './probeService';

/**
 * Probes in alerting: a real HTTP target on loopback whose answer the test switches, a real
 * webhook receiver, the real store; the fake clock only spaces runs and webhook retries. The
 * probe service and alerting, wired as the engine wires them, with their API slices.
 */
let dir: string;
let clock: FakeClock;
let target: { server: Server; url: string; status: number };
let rx: Receiver;
const engines: Engine[] = [];

type Engine = ReturnType<typeof probeRig>;

async function startTarget(): Promise<typeof target> {
  const t = { server: createServer(), url: '', status: 200 };
  t.server.on('request', (_req, res) => res.writeHead(t.status, { 'content-type': 'text/plain' }).end('ok'));
  await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
  t.url = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}/health`;
  return t;
}

/** The probe service and alerting on one store, and the API slices the tests call. */
function probeRig() {
  const rig = alertingRig({ dataDir: dir, clock });
  const { ctx, alerting } = rig;
  const probes = new ProbeService({ ...ctx, alerting });
  return {
    screens: rig.screens,
    on: ((event, listener) => ctx.on(event, listener)) as EngineContext['on'],
    api: promised({
      ...rig.handlers,
      // The alert log's search matches probe names too.
      ...alertsHandlers({ ...ctx, alerting, probes }),
      ...probeHandlers({ probes }),
    }),
    start: (): void => {
      rig.start();
      probes.start();
    },
    stop: async (): Promise<void> => {
      await probes.stop();
      await rig.stop();
    },
  };
}

/** An engine with a webhook, and a screen receiver that answers like the headless server with `tabs` tabs open. */
async function boot(screen: ScreenReceipt | null = { kind: 'tabs', count: 2 }) {
  const engine = probeRig();
  engines.push(engine);
  const notes: HostNotification[] = [];
  engine.on('notify:host', (n) => notes.push(n));
  if (screen) engine.screens.add(() => screen);
  await engine.api['settings:set']({ notify: { desktop: true, webhookUrl: rx.url, minGapMinutes: 0 } });
  engine.start();
  return { engine, notes };
}

const probeInput = (name: string) => ProbeInputSchema.parse({ name, url: target.url, intervalMs: 60_000 });

async function probeRows(engine: Engine): Promise<AlertEntry[]> {
  return (await engine.api['alerts:list']({ scope: 'probes', limit: 100 })).entries;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-probe-alerts-'));
  clock = new FakeClock();
  target = await startTarget();
  rx = await new Receiver().listen();
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
  await rx.close();
  target.server.closeAllConnections();
  await new Promise<void>((resolve) => target.server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('probes in alerting', () => {
  it('logs a probe going red and back, notifies both, and says what was actually sent', async () => {
    const { engine, notes } = await boot();
    const probe = await engine.api['probes:add'](probeInput('API health'));
    expect(probe.health.state).toBe('green');
    expect(await probeRows(engine)).toEqual([]); // a first green is not news

    target.status = 503;
    await engine.api['probes:run']({ probeId: probe.def.id });
    const [red] = await probeRows(engine);
    expect(red).toMatchObject({
      hostId: '',
      probeId: 'api-health',
      kind: 'probe',
      signal: 'probe',
      from: 'ok',
      to: 'critical',
      reason: expect.stringMatching(/503/),
      // The tabs were sent it; whether each showed it is its browser's permission.
      notice: 'notified (webhook; sent to 2 open tabs, shown where notifications are allowed)',
    });
    expect(notes).toMatchObject([
      { subject: 'probe', hostId: 'api-health', kind: 'red', title: 'probe API health is red' },
    ]);
    await vi.waitFor(async () => {
      await clock.advance(1000);
      expect(rx.texts()).toHaveLength(1);
    });
    expect(rx.texts()[0]).toMatch(/probe API health is red: status 503/);

    target.status = 200;
    await engine.api['probes:run']({ probeId: probe.def.id });
    const rows = await probeRows(engine);
    expect(rows[0]).toMatchObject({ from: 'critical', to: 'ok', notice: expect.stringMatching(/^notified/) });
    expect(notes.map((n) => n.kind)).toEqual(['red', 'recovered']);
    await vi.waitFor(async () => {
      await clock.advance(1000);
      expect(rx.texts()).toHaveLength(2);
    });
    expect(rx.texts()[1]).toMatch(/probe API health recovered/);

    // A probe's rows stay apart from hosts': the host scope and a host filter do not show them.
    expect((await engine.api['alerts:list']({ scope: 'host', limit: 100 })).entries).toEqual([]);
    expect(
      (await engine.api['alerts:list']({ scope: 'all', probeId: 'api-health', limit: 100 })).entries,
    ).toHaveLength(2);
    expect(
      (await engine.api['alerts:list']({ scope: 'all', q: 'api health', limit: 100 })).entries,
    ).toHaveLength(2);
  });

  it('holds a red back under a silence on the probe or a maintenance window, and logs why', async () => {
    const { engine, notes } = await boot();
    const probe = await engine.api['probes:add'](probeInput('Shop'));
    const silence = await engine.api['silences:add']({
      target: { kind: 'probe', probeId: probe.def.id },
      minutes: 30,
      by: 'ana',
      why: 'shop migration',
    });
    target.status = 500;
    await engine.api['probes:run']({ probeId: probe.def.id });
    expect((await probeRows(engine))[0]).toMatchObject({
      to: 'critical',
      notice: expect.stringMatching(/^not notified: silenced by ana until \d\d:\d\d: shop migration$/),
    });
    expect(notes).toEqual([]);

    // Its recovery is not announced either: its red never was.
    target.status = 200;
    await engine.api['probes:run']({ probeId: probe.def.id });
    expect((await probeRows(engine))[0]?.notice).toBe('not notified: its red was not announced either');

    await engine.api['silences:remove']({ id: silence.id });
    await engine.api['maintenance:add']({
      target: { kind: 'probe', probeId: probe.def.id },
      from: clock.now(),
      to: clock.now() + 3_600_000,
      daily: false,
      by: 'bo',
      why: 'new certificate',
    });
    target.status = 500;
    await engine.api['probes:run']({ probeId: probe.def.id });
    expect((await probeRows(engine))[0]?.notice).toMatch(
      /^not notified: maintenance until .*\(bo\): new certificate$/,
    );
    expect(notes).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(rx.texts()).toEqual([]);
  });

  it('does not claim a desktop notification nobody could see', async () => {
    // Headless with no tab open: the webhook went, the screen did not.
    const { engine } = await boot({ kind: 'tabs', count: 0 });
    const probe = await engine.api['probes:add'](probeInput('Docs'));
    target.status = 500;
    await engine.api['probes:run']({ probeId: probe.def.id });
    expect((await probeRows(engine))[0]?.notice).toBe(
      'notified (webhook); not on screen: no Greenboard window or tab was open to show it',
    );
  });

  it('keeps a probe red across a restart without logging or notifying it again', async () => {
    const first = await boot();
    const probe = await first.engine.api['probes:add'](probeInput('API'));
    target.status = 500;
    await first.engine.api['probes:run']({ probeId: probe.def.id });
    expect(await probeRows(first.engine)).toHaveLength(1);
    await first.engine.stop();
    engines.splice(engines.indexOf(first.engine), 1);

    const second = await boot();
    await second.engine.api['probes:run']({ probeId: probe.def.id });
    expect(await probeRows(second.engine)).toHaveLength(1);
    expect(second.notes).toEqual([]);
    // Its recovery after the restart is still announced: the red before it was.
    target.status = 200;
    await second.engine.api['probes:run']({ probeId: probe.def.id });
    expect((await probeRows(second.engine))[0]).toMatchObject({
      to: 'ok',
      notice: expect.stringMatching(/^notified/),
    });
    expect(second.notes.map((n) => n.kind)).toEqual(['recovered']);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostNotification } from '../../shared/alerts';
import { silentLogger } from './clock';
import { LOCAL_HOST_ID } from '../../shared/hosts';
import { loadSettings } from './settingsFile';
import { alertingRig, type AlertingRig } from './testing/alertingRig';
import { FakeClock, ScriptedCollector } from './testing/fakes';
import { Receiver } from './testing/httpReceiver';
import { mountThisMachine } from './testing/testContext';

/**
 * The rule engine wired into the board: alert log, notifications (desktop event and a real
 * webhook on loopback), silences, maintenance windows, restarts. Alerting, the board and the
 * settings only, wired as the engine wires them.
 */
let dir: string;
let clock: FakeClock;
let collector: ScriptedCollector;
let engine: AlertingRig;
let notes: HostNotification[];
const receivers: Receiver[] = [];

const RED = { mem: { totalBytes: 100, usedBytes: 97, availableBytes: 3 } };
const FINE = { mem: { totalBytes: 100, usedBytes: 20, availableBytes: 80 } };

function boot(): AlertingRig {
  notes = [];
  engine = alertingRig({
    dataDir: dir,
    clock,
    // As the engine starts: the settings saved in the data folder (a restart keeps the rules).
    settings: { ...loadSettings(dir, silentLogger), localIntervalMs: 2000 },
    createCollector: (host, c) => (collector = new ScriptedCollector(host.id, c)),
  });
  mountThisMachine(engine.ctx);
  engine.ctx.on('notify:host', (n) => notes.push(n));
  // As Electron's main process does: each notification handed to the OS is reported shown.
  engine.screens.add(() => ({ kind: 'desktop', shown: true }));
  return engine;
}

async function receiver(): Promise<Receiver> {
  const r = await new Receiver().listen();
  receivers.push(r);
  return r;
}

async function hostRows() {
  const { entries } = await engine.api['alerts:list']({ scope: 'host', limit: 100 });
  return entries;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-alerting-'));
  clock = new FakeClock();
  boot();
  // No `for` on memory, so each poll decides; `for` itself is covered in rules/*.test.ts.
  await engine.api['settings:set']({ rules: { defaults: { memory: { forMs: 0 } }, tags: {}, hosts: {} } });
});

afterEach(async () => {
  await engine.stop();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('alerting in the engine', () => {
  it('notifies once on red and once on recovery, and logs why later changes were held back', async () => {
    engine.start();
    await clock.advance(2000);
    collector.next = RED;
    await clock.advance(2000);
    expect(notes).toMatchObject([{ hostId: LOCAL_HOST_ID, kind: 'red', body: 'memory 97% ≥ 95%' }]);
    await clock.advance(2000 * 5); // still red: nothing more
    collector.next = FINE;
    await clock.advance(2000);
    expect(notes.map((n) => n.kind)).toEqual(['red', 'recovered']);
    // Red again a minute later: within the rate limit (one per host per 5 min), logged, not sent.
    collector.next = RED;
    await clock.advance(60_000);
    expect(notes).toHaveLength(2);
    const rows = await hostRows();
    expect(rows[0]).toMatchObject({
      to: 'critical',
      notice: expect.stringMatching(/^not notified: rate limited/),
    });
    expect(rows.map((r) => r.notice)).toContain('notified (desktop)');
  });

  it('holds notifications back while a silence or a maintenance window covers the host', async () => {
    engine.start();
    await clock.advance(2000);
    const silence = await engine.api['silences:add']({
      target: { kind: 'host', hostId: LOCAL_HOST_ID },
      minutes: 30,
      by: 'ana',
      why: 'rebuilding the RAID',
    });
    collector.next = RED;
    await clock.advance(2000);
    expect(notes).toEqual([]);
    expect((await hostRows())[0]?.notice).toMatch(
      /^not notified: silenced by ana until \d\d:\d\d: rebuilding the RAID$/,
    );
    expect((await engine.api['silences:list']({})).silences).toHaveLength(1);

    await engine.api['silences:remove']({ id: silence.id });
    expect((await engine.api['silences:list']({})).silences).toHaveLength(0);
    await engine.api['maintenance:add']({
      target: { kind: 'tag', tag: 'none' },
      from: clock.now(),
      to: clock.now() + 3_600_000,
      daily: false,
      by: 'ana',
      why: 'not this host',
    });
    await engine.api['maintenance:add']({
      target: { kind: 'host', hostId: LOCAL_HOST_ID },
      from: clock.now(),
      to: clock.now() + 3_600_000,
      daily: false,
      by: 'bo',
      why: 'kernel upgrade',
    });
    collector.next = FINE;
    await clock.advance(2000);
    collector.next = RED;
    await clock.advance(2000);
    expect(notes).toEqual([]);
    expect((await hostRows())[0]?.notice).toMatch(/maintenance until .*\(bo\): kernel upgrade/);
    await expect(
      engine.api['maintenance:add']({
        target: { kind: 'host', hostId: LOCAL_HOST_ID },
        from: clock.now(),
        to: clock.now() - 1,
        daily: false,
        by: 'bo',
        why: 'x',
      }),
    ).rejects.toThrow(/to: must be after from/);
  });

  it('posts to the webhook: one on red, one on recovery, none while silenced, retries 500s, loses nothing', async () => {
    const rx = await receiver();
    rx.script = [{ status: 500 }, { status: 500 }];
    await engine.api['settings:set']({ notify: { desktop: false, webhookUrl: rx.url, minGapMinutes: 0 } });
    engine.start();
    await clock.advance(2000);
    collector.next = RED;
    await clock.advance(2000);
    // Two 500s, then accepted: the retries are spaced by the (fake) clock.
    await vi.waitFor(async () => {
      await clock.advance(30_000);
      expect(rx.texts()).toHaveLength(1);
    });
    expect(rx.texts()[0]).toMatch(/is red: memory 97% ≥ 95%/);
    const log = await engine.api['webhook:deliveries']({ limit: 10 });
    expect(log[0]).toMatchObject({ state: 'sent', attempts: 3, lastStatus: 200 });

    collector.next = FINE;
    await clock.advance(2000);
    await vi.waitFor(() => expect(rx.texts()).toHaveLength(2));
    expect(rx.texts()[1]).toMatch(/recovered/);

    await engine.api['silences:add']({
      target: { kind: 'signal', signal: 'memory' },
      minutes: 60,
      by: 'ana',
      why: 'known',
    });
    collector.next = RED;
    await clock.advance(2000);
    collector.next = FINE;
    await clock.advance(2000);
    await new Promise((r) => setTimeout(r, 200));
    expect(rx.texts()).toHaveLength(2);
    const silenced = (await hostRows()).filter((r) => r.notice?.includes('silenced by ana'));
    expect(silenced.length).toBeGreaterThan(0);

    // The receiver goes away; a red is queued and arrives once it is back on the same port.
    const port = rx.port;
    await rx.close();
    const silences = (await engine.api['silences:list']({})).silences;
    for (const s of silences) await engine.api['silences:remove']({ id: s.id });
    collector.next = RED;
    await clock.advance(2000);
    await vi.waitFor(async () => {
      await clock.advance(1000);
      expect((await engine.api['webhook:deliveries']({ limit: 1 }))[0]?.attempts).toBeGreaterThan(0);
    });
    const back = await new Receiver().listen(port);
    receivers.push(back);
    await vi.waitFor(async () => {
      await clock.advance(60_000);
      expect(back.texts()).toHaveLength(1);
    });
    expect(back.texts()[0]).toMatch(/is red/);
  });

  it('keeps raised states across a restart without notifying again', async () => {
    engine.start();
    await clock.advance(2000);
    collector.next = RED;
    await clock.advance(2000);
    expect(notes).toHaveLength(1);
    await engine.stop();
    boot();
    engine.start();
    collector.next = RED;
    await clock.advance(2000 * 3);
    expect((await engine.api['board:get']({}))[0]?.health.state).toBe('red');
    expect(notes).toEqual([]);
    expect((await engine.api['alerts:signals']({ hostId: LOCAL_HOST_ID }))[0]).toMatchObject({
      signal: 'memory',
      state: 'critical',
    });
  });

  it('refuses rules that make no sense, naming the field', async () => {
    await expect(
      engine.api['settings:set']({
        rules: { defaults: {}, tags: {}, hosts: { local: { cpu: { warn: 99, critical: 50 } } } },
      }),
    ).rejects.toThrow(/rules\.hosts\.local\.cpu\.warn: must be ≤ critical \(50\)/);
    await expect(engine.api['webhook:test']({})).rejects.toThrow(/No webhook URL is set/);
  });
});

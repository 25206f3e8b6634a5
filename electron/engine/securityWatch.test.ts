import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../shared/audit';
import { promised } from './api';
import { auditHandlers } from './auditApi';
import { AUDIT_REFRESH_MS, SecurityWatch, wireSecurity } from './securityWatch';
import { AuditStore } from './store/auditStore';
import { alertingRig } from './testing/alertingRig';
import { FakeClock, ScriptedCollector } from './testing/fakes';
import { mountThisMachine } from './testing/testContext';

// The security watch on a board with alerting, wired as the engine wires both; the audit and
// alert log API slices over them.
let dir: string;
let clock: FakeClock;
let engine: ReturnType<typeof build>;

const FINE = { mem: { totalBytes: 100, usedBytes: 20, availableBytes: 80 } };

/** The watch, its board and API slices, over the test's folder (kept across a restart). */
function build() {
  const rig = alertingRig({
    dataDir: dir,
    clock,
    settings: { localIntervalMs: 2000 },
    createCollector: (host, c) => {
      const col = new ScriptedCollector(host.id, c);
      col.next = FINE;
      return col;
    },
  });
  const { ctx } = rig;
  const security = new SecurityWatch(ctx, (id) => ctx.hosts.refresh(id));
  wireSecurity(ctx.hosts, security);
  mountThisMachine(ctx);
  return {
    hosts: ctx.hosts,
    store: ctx.store,
    security,
    api: { ...rig.api, ...promised(auditHandlers({ ...ctx, security })) },
    start: (): void => {
      rig.start();
      security.start();
    },
    stop: async (): Promise<void> => {
      await security.stop();
      await rig.stop();
    },
  };
}

function boot(): typeof engine {
  engine = build();
  return engine;
}

function report(
  ts: number,
  failed: { severity: 'critical' | 'high' | 'medium'; title: string }[],
): AuditReport {
  return {
    hostId: 'local',
    ts,
    durationMs: 1000,
    score: 60,
    passed: 1,
    failed: failed.length,
    notChecked: 0,
    ranAs: { user: 'root', uid: 0 },
    findings: [
      {
        id: 'time.sync',
        title: 'Clock synchronised',
        severity: 'low',
        status: 'pass',
        evidence: '',
        fix: '',
      },
      ...failed.map((f, i) => ({
        id: `test.finding-${i}`,
        title: f.title,
        severity: f.severity,
        status: 'fail' as const,
        evidence: 'seen',
        fix: 'fix it',
      })),
    ],
  };
}

const localHealth = () => engine.hosts.board().find((b) => b.host.id === 'local')?.health;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-security-watch-'));
  clock = new FakeClock();
});
afterEach(async () => {
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('security findings on the board', () => {
  it('turns a green host amber for a failed high finding and red for a critical one', async () => {
    boot();
    engine.start();
    await engine.hosts.pollNow('local');
    expect(localHealth()?.state).toBe('green');

    engine.security.noted(report(clock.now(), [{ severity: 'high', title: 'Firewall active' }]));
    expect(localHealth()).toMatchObject({
      state: 'amber',
      reasons: ['security: 1 high finding (Firewall active)'],
    });

    engine.security.noted(report(clock.now(), [{ severity: 'critical', title: 'Second UID 0 account' }]));
    expect(localHealth()).toMatchObject({ state: 'red' });

    // A later clean audit clears it; medium findings never colour the board.
    engine.security.noted(report(clock.now(), [{ severity: 'medium', title: 'X11 forwarding' }]));
    expect(localHealth()).toMatchObject({ state: 'green', reasons: [] });
  });

  it('reads the last kept audit at start, and logs the change in the alert log', async () => {
    boot();
    new AuditStore(engine.store.db).insert(
      report(clock.now(), [{ severity: 'high', title: 'Password logins' }]),
    );
    await engine.stop();
    boot();
    engine.start();
    await engine.hosts.pollNow('local');
    expect(localHealth()).toMatchObject({
      state: 'amber',
      reasons: ['security: 1 high finding (Password logins)'],
    });
    const { entries } = await engine.api['alerts:list']({ scope: 'host', limit: 10 });
    expect(entries[0]).toMatchObject({ to: 'warn', reason: expect.stringContaining('security') as unknown });
  });

  it(
    're-audits a host whose last audit is over a day old, and leaves never-audited hosts alone',
    { timeout: 120_000 },
    async () => {
      boot();
      engine.start();
      await engine.security.auditDue();
      expect(await engine.api['audit:history']({ hostId: 'local', limit: 10 })).toEqual([]);

      const old = clock.now() - AUDIT_REFRESH_MS - 1;
      new AuditStore(engine.store.db).insert(report(old, []));
      engine.security.forget('local');
      await engine.security.auditDue();
      const history = await engine.api['audit:history']({ hostId: 'local', limit: 10 });
      expect(history).toHaveLength(2);
      expect(history[1]?.ts).toBe(clock.now());
    },
  );
});

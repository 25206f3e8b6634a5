import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport, Finding } from '../../../shared/audit';
import { SshCollector } from '../ssh/sshCollector';
import { startSshd, type TestSshd } from '../ssh/testing/sshd';
import { parseAuditOutput } from './auditOutput';
import { buildAuditScript } from './auditScript';
import { parseProcNetTcp, isLoopback } from './parsePorts';
import { effectiveSshd, parseSshdT, SSHD_KEYS } from './parseSshd';
import { localRunner, runAudit, sshRunner, type ScriptRunner } from './runAudit';

// The audit against real things: over SSH through a real OpenSSH sshd on loopback (the test
// harness's, logging in as its test user), and on this machine as whoever runs the tests.
const SYSTEM_CONFIG = '/etc/ssh/sshd_config';
const asRoot = process.getuid?.() === 0;
let sshd: TestSshd;
let collector: SshCollector;
let overSsh: ScriptRunner;

beforeAll(async () => {
  sshd = await startSshd();
  collector = login(sshd, sshd.user);
  overSsh = sshRunner(collector);
}, 30_000);

afterAll(async () => {
  await collector.close();
  await sshd.stop();
});

const ID: Record<(typeof SSHD_KEYS)[number], string> = {
  permitrootlogin: 'ssh.permit-root-login',
  passwordauthentication: 'ssh.password-authentication',
  kbdinteractiveauthentication: 'ssh.kbd-interactive-authentication',
  maxauthtries: 'ssh.max-auth-tries',
  x11forwarding: 'ssh.x11-forwarding',
};
const byId = (r: AuditReport): Record<string, Finding> =>
  Object.fromEntries(r.findings.map((f) => [f.id, f]));

/** What sshd itself says of a config, run here directly: the reference the audit must match. */
function sshdSays(config: string, args: string[] = []): Map<string, string> {
  return parseSshdT(execFileSync('/usr/sbin/sshd', ['-T', '-f', config, ...args], { encoding: 'utf8' }));
}

function login(d: TestSshd, user: string): SshCollector {
  return new SshCollector(
    `srv-${user}`,
    { user, host: d.host, port: d.port },
    {
      hostKeys: { check: () => ({ status: 'trusted' }) },
      credentials: () => ({ privateKeys: [{ path: d.clientKeyPath, key: readFileSync(d.clientKeyPath) }] }),
      timeoutMs: 10_000,
      pollTimeoutMs: 10_000,
      now: Date.now,
    },
  );
}

/** The audited values as the script read them over SSH. */
async function auditedValues(run: ScriptRunner, config?: string): Promise<Map<string, string | null>> {
  const nonce = 'integration0';
  const out = await run(buildAuditScript({ nonce, sshdConfigPath: config }));
  const eff = effectiveSshd(parseAuditOutput(out.stdout, nonce), config);
  if ('missing' in eff) throw new Error(eff.missing);
  return new Map(SSHD_KEYS.map((k) => [k, eff.settings.get(k)!.value]));
}

describe('security audit over SSH (the test sshd, as its non-root test user)', () => {
  it('finds in the harness’s own sshd config exactly what the harness wrote', async () => {
    const config = join(sshd.dir, 'sshd_config');
    const r = byId(await runAudit({ hostId: 'srv', run: overSsh, config: { sshdConfigPath: config } }));
    // The harness writes PermitRootLogin no, PasswordAuthentication no, KbdInteractiveAuthentication
    // no, X11Forwarding no, and no MaxAuthTries (OpenSSH's default, 6).
    expect(r['ssh.permit-root-login']?.status).toBe('pass');
    expect(r['ssh.password-authentication']?.status).toBe('pass');
    expect(r['ssh.kbd-interactive-authentication']?.status).toBe('pass');
    expect(r['ssh.x11-forwarding']?.status).toBe('pass');
    expect(r['ssh.max-auth-tries']).toMatchObject({ status: 'fail', severity: 'low' });
    expect(r['ssh.max-auth-tries']?.evidence).toMatch(/default applies: 6|maxauthtries 6/);
    if (asRoot) {
      const audited = await auditedValues(overSsh, config);
      const truth = sshdSays(config);
      for (const k of SSHD_KEYS) expect(audited.get(k), k).toBe(truth.get(k));
    }
  }, 60_000);

  it('audits the sshd it logged in through, started with -f its own config, not /etc/ssh/sshd_config', async () => {
    // The harness's sshd runs with -f a file that sets PasswordAuthentication and X11Forwarding
    // to no; the system's file leaves the first at its default (yes) or does not exist.
    const config = join(sshd.dir, 'sshd_config');
    const r = byId(await runAudit({ hostId: 'srv', run: overSsh }));
    const pw = r['ssh.password-authentication']!;
    expect(pw).toMatchObject({ status: 'pass', title: 'SSH: password logins are off' });
    expect(pw.evidence).toMatch(/the running sshd \(pid \d+, -f /);
    expect(pw.evidence).toContain(`-f ${config}), the one this audit logged in through`);
    expect(pw.evidence).toContain(`(${config} line `);
    expect(r['ssh.x11-forwarding']?.status).toBe('pass');
    expect(r['ssh.max-auth-tries']?.fix).toContain(`near the top of ${config}`);
  }, 60_000);

  it.runIf(asRoot)(
    'reads the system sshd config as sshd does (compared with `sshd -T` run here as root)',
    async () => {
      const audited = await auditedValues(overSsh, SYSTEM_CONFIG);
      const truth = sshdSays(SYSTEM_CONFIG);
      for (const k of SSHD_KEYS) expect(audited.get(k), k).toBe(truth.get(k));
    },
    60_000,
  );

  it('reports what the login user cannot read as not checked, never as passed', async () => {
    const report = await runAudit({ hostId: 'srv', run: overSsh, config: { allowedPorts: [] } });
    const r = byId(report);
    expect(report.findings).toHaveLength(15);
    expect(report.ranAs.user).toBe(sshd.user);
    expect(report.durationMs).toBeGreaterThan(0);
    if (asRoot) {
      // sshd reads its host keys as root only, so the test user's audit reads the config files.
      expect(report.ranAs.uid).not.toBe(0);
      expect(r['ssh.password-authentication']?.evidence).toMatch(
        /Read from the config files of the running sshd \(pid \d+, -f \S+\), the one this audit logged in through, as sshd -T failed/,
      );
      expect(r['accounts.empty-password']).toMatchObject({ status: 'not_checked', reason: 'needs root' });
    }
    // /etc/passwd is world-readable: the audit must agree with it.
    const uid0 = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .filter((l) => l.split(':')[2] === '0' && !l.startsWith('root:'));
    expect(r['accounts.uid0']?.status).toBe(uid0.length ? 'fail' : 'pass');
    // Ports: what this machine listens on beyond loopback, read here from /proc; the test
    // sshd itself is on 127.0.0.1 and must not show.
    const exposed = ['/proc/net/tcp', '/proc/net/tcp6']
      .flatMap((f) => parseProcNetTcp(readFileSync(f, 'utf8')))
      .filter((l) => !isLoopback(l.address))
      .map((l) => l.port);
    const ports = r['network.listening-ports']!;
    expect(ports.status).toBe(exposed.length ? 'fail' : 'pass');
    for (const p of exposed) expect(ports.evidence).toContain(`${p} (`);
    expect(ports.evidence).not.toContain(`${sshd.port} (`);
    for (const f of report.findings) if (f.status === 'not_checked') expect(f.reason, f.id).toBeTruthy();
  }, 60_000);
});

describe('security audit of an sshd started with -f and -o options', () => {
  // The harness's file says X11Forwarding no and sets no MaxAuthTries (6); the command line
  // turns X11 forwarding on and allows 3 tries, the second in the spaced form that the
  // daemon's retitled command line no longer quotes.
  const ARGS = ['-o', 'X11Forwarding=yes', '-o', 'MaxAuthTries 3'];
  let d: TestSshd;
  beforeAll(async () => {
    d = await startSshd({ permitRootLogin: asRoot, args: ARGS });
  }, 30_000);
  afterAll(() => d.stop());

  it('judges what the daemon runs with, its -o options over its file, and names them', async () => {
    const user = login(d, sshd.user);
    try {
      const r = byId(await runAudit({ hostId: 'srv', run: sshRunner(user) }));
      const source = `-f ${join(d.dir, 'sshd_config')}, -o X11Forwarding=yes, -o MaxAuthTries 3)`;
      expect(r['ssh.x11-forwarding']).toMatchObject({ status: 'fail', title: 'SSH: X11 forwarding is on' });
      expect(r['ssh.x11-forwarding']?.evidence).toContain(source);
      expect(r['ssh.max-auth-tries']).toMatchObject({
        status: 'pass',
        title: 'SSH: at most 4 authentication attempts per connection',
      });
      expect(r['ssh.password-authentication']?.status).toBe('pass');
      if (asRoot)
        // The test user cannot read the host keys, so the files were read, -o first.
        expect(r['ssh.x11-forwarding']?.evidence).toMatch(
          /^X11Forwarding yes \(the sshd command line: -o X11Forwarding=yes\)\. Read from the config files of the running sshd/,
        );
    } finally {
      await user.close();
    }
  }, 60_000);

  it.runIf(asRoot)(
    'logged in as root, runs sshd -T with the daemon’s -f and -o',
    async () => {
      const root = login(d, 'root');
      try {
        const config = join(d.dir, 'sshd_config');
        const report = await runAudit({ hostId: 'srv', run: sshRunner(root) });
        const r = byId(report);
        expect(report.ranAs.uid).toBe(0);
        const truth = sshdSays(config, ARGS);
        expect(truth.get('x11forwarding')).toBe('yes');
        for (const k of SSHD_KEYS) {
          expect(r[ID[k]]?.evidence, k).toMatch(new RegExp(`^sshd -T: ${k} ${truth.get(k)}\\b`));
          expect(r[ID[k]]?.evidence, k).toContain(
            `, -f ${config}, -o X11Forwarding=yes, -o MaxAuthTries 3), the one this audit logged in through.`,
          );
        }
        // The harness lets root in by key only: prohibit-password, a low fail titled as such.
        expect(r['ssh.permit-root-login']).toMatchObject({
          status: 'fail',
          severity: 'low',
          title: 'SSH: root can log in directly',
        });
      } finally {
        await root.close();
      }
    },
    60_000,
  );
});

describe.runIf(asRoot)('security audit of this machine, locally as root', () => {
  it('matches sshd -T, /etc/shadow and apt as read here', async () => {
    // This machine runs test sshds (this file's among them), each with its own -f: name the
    // system's file to compare with sshd -T of it.
    const report = await runAudit({
      hostId: 'local',
      run: localRunner(),
      config: { sshdConfigPath: SYSTEM_CONFIG },
    });
    const r = byId(report);
    expect(report.ranAs).toEqual({ user: 'root', uid: 0 });
    const truth = sshdSays(SYSTEM_CONFIG);
    for (const k of SSHD_KEYS)
      expect(r[ID[k]]?.evidence).toMatch(new RegExp(`^sshd -T: ${k} ${truth.get(k)}\\b`));
    const empty = readFileSync('/etc/shadow', 'utf8')
      .split('\n')
      .filter((l) => l && l.split(':')[1] === '');
    expect(r['accounts.empty-password']?.status).toBe(empty.length ? 'fail' : 'pass');
    const lists = existsSync('/var/lib/apt/lists') ? readdirSync('/var/lib/apt/lists') : [];
    // Not told which config: the audit takes a running sshd from the process list (this file's
    // test sshd runs, at least) and says which.
    const found = byId(await runAudit({ hostId: 'local', run: localRunner() }));
    expect(found['ssh.password-authentication']?.evidence).toMatch(/of the running sshd \(pid \d+, /);
    if (!existsSync('/usr/bin/apt') || !lists.some((f) => f.includes('_Packages'))) return;
    const apt = execFileSync('apt', ['list', '--upgradable'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const security = apt.split('\n').filter((l) => /^[^/\s]+\/\S*-security\b/.test(l)).length;
    expect(r['updates.security']?.status).toBe(security ? 'fail' : 'pass');
    if (security) expect(r['updates.security']?.evidence).toContain(`${security} security update`);
  }, 60_000);
});

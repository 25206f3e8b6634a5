import { describe, expect, it } from 'vitest';
import { auditScore, AuditReportSchema } from '../../../shared/audit';
import { auditFindings, toReport } from './auditReport';
import { fixture } from './fixtures/sections';

// Whole recorded outputs of the audit script (framed with the nonce "fixture0"), one per kind of
// host, judged end to end. Each row: finding id → status (and reason when not checked).
const audit = (name: string, allowedPorts?: number[]) => {
  const found = auditFindings(fixture(name), 'fixture0', { allowedPorts });
  return { found, table: Object.fromEntries(found.findings.map((f) => [f.id, f.reason ?? f.status])) };
};

const ORDER = [
  'ssh.permit-root-login',
  'ssh.password-authentication',
  'ssh.kbd-interactive-authentication',
  'ssh.max-auth-tries',
  'ssh.x11-forwarding',
  'firewall.active',
  'updates.pending',
  'updates.security',
  'system.reboot-required',
  'network.listening-ports',
  'accounts.uid0',
  'accounts.empty-password',
  'ssh.failed-logins',
  'ssh.ban-service',
  'time.synchronised',
];
const row = (...statuses: string[]) => Object.fromEntries(ORDER.map((id, i) => [id, statuses[i]]));

describe('recorded audits', () => {
  it('Debian 12 as root (apt, systemd, nftables default ruleset): the weak host fails almost everything', () => {
    const { found, table } = audit('debian12-root', [22]);
    expect(table).toEqual(
      row(
        'fail',
        'fail',
        'pass',
        'fail',
        'fail',
        'fail',
        'fail',
        'fail',
        'fail',
        'fail',
        'fail',
        'fail',
        'fail',
        'fail',
        'pass',
      ),
    );
    const r = toReport('deb', 0, 1, found);
    expect(r).toMatchObject({
      score: 0,
      passed: 2,
      failed: 13,
      notChecked: 0,
      ranAs: { user: 'root', uid: 0 },
    });
    expect(AuditReportSchema.parse(r)).toEqual(r);
  });

  it('Rocky Linux 9 as root (dnf, firewalld, fail2ban, chrony): the hardened host passes everything', () => {
    const { found, table } = audit('rhel9-root', [22]);
    expect(table).toEqual(row(...Array<string>(15).fill('pass')));
    expect(auditScore(found.findings)).toBe(100);
  });

  it('Alpine as root (BusyBox, OpenRC: no apt, no dnf, no systemd, no ss)', () => {
    const { found, table } = audit('alpine-root', [22]);
    expect(table).toEqual(
      row(
        'fail',
        'pass',
        'pass',
        'fail',
        'pass',
        'pass',
        'no apt or dnf',
        'no apt or dnf',
        'fail',
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
      ),
    );
    const evidence = Object.fromEntries(found.findings.map((f) => [f.id, f.evidence]));
    expect(evidence['network.listening-ports']).toBe(
      'Listening on the network: 22 (0.0.0.0, ::). Allowed: 22.',
    );
    expect(evidence['ssh.failed-logins']).toMatch(/^2 failed SSH logins .* in \/var\/log\/messages/);
    expect(evidence['system.reboot-required']).toBe(
      'Kernel 6.6.58-0-lts is installed but 6.6.49-0-lts is running.',
    );
    expect(toReport('alp', 0, 1, found)).toMatchObject({ score: 82, notChecked: 2 });
  });

  it('Debian 12 as an ordinary user: what needs root is "not checked: needs root", never passed', () => {
    const { found, table } = audit('debian12-user');
    const root = 'needs root';
    expect(table).toEqual(
      row(
        root,
        'pass',
        root,
        root,
        root,
        root,
        'pass',
        'pass',
        'pass',
        'no port allowlist set',
        'pass',
        root,
        root,
        'pass',
        'fail',
      ),
    );
    expect(found.ranAs).toEqual({ user: 'deploy', uid: 1000 });
    const sshd = found.findings.find((f) => f.id === 'ssh.password-authentication');
    expect(sshd?.evidence).toMatch(
      /^PasswordAuthentication no \(\/etc\/ssh\/sshd_config.d\/50-cloud-init.conf line 1\)/,
    );
    expect(toReport('u', 0, 1, found)).toMatchObject({ score: 90, passed: 6, failed: 1, notChecked: 8 });
  });

  it('gives every finding a concrete fix and evidence or a reason', () => {
    for (const name of ['debian12-root', 'rhel9-root', 'alpine-root', 'debian12-user']) {
      for (const f of audit(name).found.findings) {
        expect(f.fix.length, f.id).toBeGreaterThan(20);
        expect(f.evidence || f.reason, f.id).toBeTruthy();
      }
    }
  });
});

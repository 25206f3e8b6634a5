import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FindingSchema, type AuditReport } from '../../../shared/audit';
import { AuditStore } from '../store/auditStore';
import { Store } from '../store/store';
import { fail, notChecked, pass, SPECS } from './findings';
import { securityVerdict } from './securityHealth';

const report = (findings: AuditReport['findings']): AuditReport => ({
  hostId: 'db-1',
  ts: 1_000,
  durationMs: 1,
  score: 60,
  passed: findings.filter((f) => f.status === 'pass').length,
  failed: findings.filter((f) => f.status === 'fail').length,
  notChecked: findings.filter((f) => f.status === 'not_checked').length,
  ranAs: { user: 'root', uid: 0 },
  findings,
});

describe('finding titles', () => {
  it('every finding has a pass and a fail title that say opposite things', () => {
    for (const spec of Object.values(SPECS)) {
      expect(spec.passTitle, spec.id).toBeTruthy();
      expect(spec.failTitle, spec.id).toBeTruthy();
      expect(spec.failTitle, spec.id).not.toBe(spec.passTitle);
    }
    expect(SPECS.passwordAuth.failTitle).toBe('SSH: password logins are allowed');
    expect(SPECS.securityUpdates.failTitle).toBe('Security updates are pending');
  });

  it('heads a fail with its fail title, a pass and an unchecked item with the pass title', () => {
    expect(fail(SPECS.passwordAuth, 'passwordauthentication yes')).toMatchObject({
      title: 'SSH: password logins are allowed',
      passTitle: 'SSH: password logins are off',
      failTitle: 'SSH: password logins are allowed',
    });
    expect(pass(SPECS.passwordAuth, 'passwordauthentication no').title).toBe('SSH: password logins are off');
    expect(notChecked(SPECS.emptyPassword, 'needs root').title).toBe('No account has an empty password');
  });

  it('names failed findings on the board by what is wrong', () => {
    const verdict = securityVerdict(
      report([
        fail(SPECS.passwordAuth, 'passwordauthentication yes'),
        fail(SPECS.securityUpdates, '2 security updates'),
        pass(SPECS.firewall, 'nft: input policy drop'),
      ]),
    );
    expect(verdict?.reasons).toEqual([
      'security: 2 high findings (SSH: password logins are allowed, Security updates are pending)',
    ]);
    expect(securityVerdict(report([fail(SPECS.passwordAuth, 'yes')]))?.reasons).toEqual([
      'security: 1 high finding (SSH: password logins are allowed)',
    ]);
  });
});

describe('a report kept before titles were split', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gb-audit-titles-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // As the audit stored them then: one `title`, the pass statement, whatever the status.
  const old = [
    {
      id: 'ssh.password-authentication',
      title: 'SSH: password logins are off',
      severity: 'high' as const,
      status: 'fail' as const,
      evidence: 'sshd -T: passwordauthentication yes',
      fix: 'Set `PasswordAuthentication no`.',
    },
    {
      id: 'firewall.active',
      title: 'A firewall filters incoming traffic',
      severity: 'high' as const,
      status: 'pass' as const,
      evidence: 'nft: input policy drop',
      fix: '',
    },
    {
      id: 'gone.finding',
      title: 'A finding no longer audited',
      severity: 'low' as const,
      status: 'fail' as const,
      evidence: '',
      fix: '',
    },
  ];

  it('still parses, and reads back with both titles and the fail title on a fail', () => {
    for (const f of old) expect(FindingSchema.safeParse(f).success, f.id).toBe(true);
    const store = new Store(join(dir, 'greenboard.sqlite'));
    try {
      new AuditStore(store.db).insert(report(old));
      const kept = new AuditStore(store.db).latest('db-1');
      const [pw, fw, gone] = kept?.findings ?? [];
      expect(pw).toMatchObject({
        title: 'SSH: password logins are allowed',
        passTitle: 'SSH: password logins are off',
        failTitle: 'SSH: password logins are allowed',
      });
      expect(fw?.title).toBe('A firewall filters incoming traffic');
      expect(gone?.title).toBe('A finding no longer audited');
      expect(securityVerdict(kept)?.reasons).toEqual([
        'security: 1 high finding (SSH: password logins are allowed)',
      ]);
    } finally {
      store.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { AuditReport, Finding } from '../../../shared/audit';
import { securityVerdict, withSecurity } from './securityHealth';

const finding = (id: string, severity: Finding['severity'], status: Finding['status']): Finding => ({
  id: `ssh.${id}`,
  title: id.replace(/-/g, ' '),
  severity,
  status,
  evidence: '',
  fix: '',
});

const report = (findings: Finding[]): AuditReport => ({
  hostId: 'db-1',
  ts: 0,
  durationMs: 1,
  score: 50,
  passed: 0,
  failed: findings.filter((f) => f.status === 'fail').length,
  notChecked: 0,
  ranAs: { user: 'root', uid: 0 },
  findings,
});

describe('securityVerdict', () => {
  it('is null with no audit, or only medium, low and unchecked items', () => {
    expect(securityVerdict(null)).toBeNull();
    const r = report([
      finding('x11-forwarding', 'medium', 'fail'),
      finding('max-auth-tries', 'low', 'fail'),
      finding('empty-passwords', 'critical', 'not_checked'),
      finding('root-login', 'critical', 'pass'),
    ]);
    expect(securityVerdict(r)).toBeNull();
  });

  it('is amber for failed high findings and red for a failed critical one, naming them', () => {
    const high = report([finding('password-auth', 'high', 'fail'), finding('firewall', 'high', 'fail')]);
    expect(securityVerdict(high)).toEqual({
      state: 'amber',
      reasons: ['security: 2 high findings (password auth, firewall)'],
    });
    const crit = report([
      finding('uid0', 'critical', 'fail'),
      finding('a', 'high', 'fail'),
      finding('b', 'high', 'fail'),
      finding('c', 'high', 'fail'),
    ]);
    expect(securityVerdict(crit)).toEqual({
      state: 'red',
      reasons: ['security: 1 critical finding (uid0)', 'security: 3 high findings (a, b and 1 more)'],
    });
  });
});

describe('withSecurity', () => {
  const amber = { state: 'amber' as const, reasons: ['security: 1 high finding (firewall)'] };
  it('takes the worse colour and keeps the metric reasons first', () => {
    expect(withSecurity({ state: 'green', reasons: [] }, amber)).toEqual(amber);
    expect(withSecurity({ state: 'red', reasons: ['disk / 97% ≥ 95%'] }, amber)).toEqual({
      state: 'red',
      reasons: ['disk / 97% ≥ 95%', 'security: 1 high finding (firewall)'],
    });
  });
  it('leaves a host with no data as it is', () => {
    const grey = { state: 'grey' as const, reasons: ['no data since 14:05'] };
    expect(withSecurity(grey, amber)).toBe(grey);
    expect(withSecurity({ state: 'waiting', reasons: [] }, amber).state).toBe('waiting');
  });
});

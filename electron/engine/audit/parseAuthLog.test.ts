import { describe, expect, it } from 'vitest';
import { absent, facts, file, NOW_S, parts, sections, unreadable } from './fixtures/sections';
import { countFailedLogins, failedLoginsFinding, logLineTime } from './parseAuthLog';

const NOW_ISO = '2026-11-28T09:20:00Z';

/** A journal section as the script prints it. */
const journal = (lines: string[], extra = '') =>
  parts('journal', `rc=0\n${extra}matches=${lines.length}\n`, file('journal', lines.join('\n')));
const failed = (t: string, pid: number, ip = '203.0.113.7') =>
  `${t} web sshd[${pid}]: Failed password for root from ${ip} port ${40000 + pid} ssh2`;
const noFiles = parts('authlog');

describe('log line times', () => {
  it('reads ISO 8601 with any offset spelling', () => {
    expect(logLineTime('2026-11-28T09:20:00+0000 h sshd[1]: x', NOW_S, 0)).toBe(NOW_S);
    expect(logLineTime('2026-11-28T10:20:00.123456+01:00 h sshd[1]: x', NOW_S, 0)).toBe(NOW_S);
    expect(logLineTime('2026-11-28T09:20:00Z h', NOW_S, 0)).toBe(Date.parse(NOW_ISO) / 1000);
  });

  it('reads syslog’s "Nov 28 07:12:48" in the host’s zone, and December lines in January as last year', () => {
    expect(logLineTime('Nov 28 10:20:00 h sshd[1]: x', NOW_S, 60)).toBe(NOW_S);
    const jan2 = Date.parse('2027-01-02T00:00:00Z') / 1000;
    expect(logLineTime('Dec 31 23:00:00 h sshd[1]: x', jan2, 0)).toBe(
      Date.parse('2026-12-31T23:00:00Z') / 1000,
    );
    expect(logLineTime('garbage', NOW_S, 0)).toBeNull();
  });
});

describe('failed login count', () => {
  it('counts an invalid user who then fails a password once, and leaves out lines older than 24 h', () => {
    const c = countFailedLogins(
      [
        failed('2026-11-27T09:19:00+0000', 1), // 24 h and a minute ago
        '2026-11-28T08:00:00+0000 web sshd[7]: Invalid user admin from 198.51.100.1 port 5000',
        '2026-11-28T08:00:02+0000 web sshd[7]: Failed password for invalid user admin from 198.51.100.1 port 5000 ssh2',
        '2026-11-28T08:01:00+0000 web sshd[8]: Invalid user pi from 198.51.100.1 port 5001',
        failed('2026-11-28T08:02:00+0000', 9),
      ],
      NOW_S,
      0,
    );
    expect(c.attempts).toBe(3);
    expect([...c.bySource]).toEqual([
      ['198.51.100.1', 2],
      ['203.0.113.7', 1],
    ]);
  });
});

describe('ssh.failed-logins', () => {
  const tenFails = Array.from({ length: 10 }, (_, i) =>
    failed(`2026-11-28T08:${String(i).padStart(2, '0')}:00+0000`, i),
  );

  it('fails at the threshold and passes below it', () => {
    const f = failedLoginsFinding(sections(journal(tenFails), noFiles), facts(), 10);
    expect(f).toMatchObject({ status: 'fail', severity: 'medium' });
    expect(f.evidence).toMatch(
      /^10 failed SSH logins in the last 24 h in the journal \(the finding fails at 10\), from 1 address: 203.0.113.7 \(10\)/,
    );
    expect(failedLoginsFinding(sections(journal(tenFails.slice(0, 3)), noFiles), facts(), 10).status).toBe(
      'pass',
    );
    expect(failedLoginsFinding(sections(journal([]), noFiles), facts(), 10).evidence).toMatch(/^0 failed/);
  });

  it('says "at least" when the journal matched more lines than were sent', () => {
    const capped = parts('journal', 'rc=0\nmatches=5000\n', file('journal', tenFails.join('\n')));
    expect(failedLoginsFinding(sections(capped, noFiles), facts(), 10).evidence).toMatch(
      /^at least 10 failed/,
    );
  });

  it('falls back on /var/log/secure when there is no journal', () => {
    const secure = parts('authlog', file('/var/log/secure', tenFails.join('\n')));
    expect(failedLoginsFinding(sections(absent('journal', 'journalctl'), secure), facts(), 10)).toMatchObject(
      {
        status: 'fail',
        evidence: expect.stringContaining('in /var/log/secure'),
      },
    );
  });

  it('needs root when the journal shows only the user’s messages and auth.log is unreadable', () => {
    const f = failedLoginsFinding(
      sections(journal([], 'journal=restricted\n'), parts('authlog', unreadable('/var/log/auth.log'))),
      facts({ uid: 1000 }),
      10,
    );
    expect(f).toMatchObject({ status: 'not_checked', reason: 'needs root' });
    expect(f.evidence).toBe(
      'the journal shows only messages of this user; /var/log/auth.log is not readable.',
    );
  });

  it('says so when there is no SSH log at all (an empty journal, no syslog files)', () => {
    const f = failedLoginsFinding(sections(journal([], 'journal=empty\n'), noFiles), facts(), 10);
    expect(f).toMatchObject({ status: 'not_checked', reason: 'no SSH log found' });
  });
});

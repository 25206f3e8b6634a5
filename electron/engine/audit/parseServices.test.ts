import { describe, expect, it } from 'vitest';
import { absent, facts, sec, sections } from './fixtures/sections';
import { banServiceFinding, timeSyncFinding } from './parseServices';

const F2B_OK = 'Status\n|- Number of jail:\t2\n`- Jail list:\tnginx-http-auth, sshd';
const F2B_DENIED = 'ERROR  Permission denied to socket: /var/run/fail2ban/fail2ban.sock, (you must be root)';
const clockAbsent = [absent('timedatectl'), absent('chronyc'), absent('ntpq')];

describe('ssh.ban-service', () => {
  it('passes with an sshd jail, and fails when fail2ban runs without one', () => {
    expect(banServiceFinding(sections(sec('fail2ban', F2B_OK), sec('procs', '')), facts()).status).toBe(
      'pass',
    );
    const noJail = banServiceFinding(
      sections(sec('fail2ban', 'Status\n|- Number of jail:\t1\n`- Jail list:\tnginx-http-auth')),
      facts(),
    );
    expect(noJail).toMatchObject({
      status: 'fail',
      evidence: 'fail2ban runs but has no SSH jail (jails: nginx-http-auth).',
    });
    expect(noJail.fix).toMatch(/jail.local/);
  });

  it('passes on a running daemon when fail2ban-client needs root, or on crowdsec or sshguard', () => {
    const f = banServiceFinding(
      sections(sec('fail2ban', F2B_DENIED, 255), sec('procs', 'fail2ban-server')),
      facts({ uid: 1000 }),
    );
    expect(f.status).toBe('pass');
    expect(
      banServiceFinding(sections(absent('fail2ban', 'fail2ban-client'), sec('procs', 'crowdsec')), facts())
        .status,
    ).toBe('pass');
  });

  it('fails with none running, unless /proc hides other users’ processes', () => {
    const none = sections(absent('fail2ban', 'fail2ban-client'), sec('procs', 'chronyd'));
    expect(banServiceFinding(none, facts())).toMatchObject({ status: 'fail', severity: 'medium' });
    expect(banServiceFinding(none, facts({ uid: 1000, procHidden: true }))).toMatchObject({
      status: 'not_checked',
      reason: 'needs root',
    });
  });
});

describe('time.synchronised', () => {
  const tdc = (synced: 'yes' | 'no') =>
    sec(
      'timedatectl',
      `      Local time: Sat 2026-11-28 09:20:00 UTC\nSystem clock synchronized: ${synced}\n              NTP service: active`,
    );

  it('reads timedatectl both ways, and the pre-239 wording', () => {
    expect(timeSyncFinding(sections(tdc('yes')), facts()).status).toBe('pass');
    expect(timeSyncFinding(sections(tdc('no')), facts())).toMatchObject({
      status: 'fail',
      evidence: 'timedatectl: System clock synchronized: no, NTP service: active',
    });
    expect(timeSyncFinding(sections(sec('timedatectl', 'NTP synchronized: yes')), facts()).status).toBe(
      'pass',
    );
  });

  it('reads chronyc tracking and ntpq -p both ways', () => {
    const chrony = (leap: string) =>
      sec('chronyc', `Reference ID    : 00000000 ()\nLeap status     : ${leap}`);
    expect(timeSyncFinding(sections(chrony('Normal')), facts()).status).toBe('pass');
    expect(timeSyncFinding(sections(chrony('Not synchronised')), facts()).status).toBe('fail');
    const ntpq = (mark: string) =>
      sec(
        'ntpq',
        `     remote   refid  st t when poll reach delay offset jitter\n=====\n${mark}192.0.2.1  .GPS.  1 u 33 64 377 0.5 -0.01 0.02`,
      );
    expect(timeSyncFinding(sections(ntpq('*')), facts()).evidence).toBe('ntpq -pn: system peer 192.0.2.1');
    expect(timeSyncFinding(sections(ntpq(' ')), facts()).status).toBe('fail');
  });

  it('without systemd or a readable daemon: passes on a running ntpd, fails on none', () => {
    const noSystemd = sec(
      'timedatectl',
      "System has not been booted with systemd as init system (PID 1). Can't operate.",
      1,
    );
    expect(
      timeSyncFinding(sections(noSystemd, absent('chronyc'), absent('ntpq'), sec('procs', 'ntpd')), facts())
        .status,
    ).toBe('pass');
    expect(
      timeSyncFinding(sections(noSystemd, absent('chronyc'), absent('ntpq'), sec('procs', '')), facts()),
    ).toMatchObject({
      status: 'fail',
      evidence: expect.stringMatching(/No synchronisation daemon .* timedatectl: System has not been booted/),
    });
  });

  it('leaves a container’s clock to its host', () => {
    expect(
      timeSyncFinding(sections(...clockAbsent, sec('procs', '')), facts({ container: 'docker' })),
    ).toMatchObject({
      status: 'not_checked',
      reason: 'container: the clock belongs to the host',
    });
  });
});

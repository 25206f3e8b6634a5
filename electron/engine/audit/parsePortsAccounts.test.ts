import { describe, expect, it } from 'vitest';
import { absent, facts, file, missing, parts, sec, sections, unreadable } from './fixtures/sections';
import { emptyPasswordFinding, uid0Finding } from './parseAccounts';
import { parseProcNetTcp, parseSs, portsFinding } from './parsePorts';

const SS = `State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
LISTEN 0      128          0.0.0.0:22         0.0.0.0:*
LISTEN 0      511                *:80               *:*
LISTEN 0      4096   127.0.0.53%lo:53         0.0.0.0:*
LISTEN 0      128             [::]:22            [::]:*
LISTEN 0      244            [::1]:5432          [::]:*
LISTEN 0      10   [::ffff:127.0.0.1]:9000         *:*`;

describe('listening ports', () => {
  it('parses ss rows, IPv6 brackets and %iface included', () => {
    expect(parseSs(SS).map((l) => `${l.address}:${l.port}`)).toEqual([
      '0.0.0.0:22',
      '*:80',
      '127.0.0.53:53',
      ':::22',
      '::1:5432',
      '::ffff:127.0.0.1:9000',
    ]);
  });

  it('parses /proc/net/tcp and tcp6 listeners (state 0A) where there is no ss', () => {
    const tcp = [
      '   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0',
      '   1: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0',
      '   2: 0F02000A:0016 0A02000A:D3F2 01 00000000:00000000 02:000A7B5C 00000000     0        0 3 4 0 20 4 30 10 -1',
    ].join('\n');
    const tcp6 = [
      '   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 4 1 0 100 0 0 10 0',
      '   1: 00000000000000000000000001000000:1538 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 5 1 0 100 0 0 10 0',
      '   2: 0000000000000000FFFF00000100007F:2328 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 6 1 0 100 0 0 10 0',
    ].join('\n');
    expect([...parseProcNetTcp(tcp), ...parseProcNetTcp(tcp6)]).toEqual([
      { address: '0.0.0.0', port: 22 },
      { address: '127.0.0.1', port: 25 },
      { address: '::', port: 80 },
      { address: '::1', port: 5432 },
      { address: '::ffff:127.0.0.1', port: 9000 },
    ]);
  });

  it('passes when every port open to the network is allowed; loopback ones do not count', () => {
    const f = portsFinding(sections(sec('ss', SS)), [22, 80]);
    expect(f).toMatchObject({
      status: 'pass',
      evidence: 'Listening on the network: 22 (0.0.0.0, ::), 80 (*). Allowed: 22, 80.',
    });
  });

  it('fails on a port outside the allowlist', () => {
    expect(portsFinding(sections(sec('ss', SS)), [22])).toMatchObject({
      status: 'fail',
      severity: 'medium',
      evidence: 'Not in the allowlist: 80 (*). Allowed: 22.',
    });
  });

  it('lists the ports but judges nothing without an allowlist', () => {
    expect(portsFinding(sections(sec('ss', SS)), undefined)).toMatchObject({
      status: 'not_checked',
      reason: 'no port allowlist set',
      evidence: 'Listening on the network: 22 (0.0.0.0, ::), 80 (*).',
    });
  });

  it('is not checked when neither ss nor /proc/net/tcp could be read', () => {
    expect(portsFinding(sections(absent('ss'), parts('proc-tcp')), [22]).status).toBe('not_checked');
  });
});

describe('accounts', () => {
  const passwd = (rows: string) => sec('passwd', `${rows}\ncount=30`);

  it('passes with only root at UID 0 and fails with another', () => {
    expect(uid0Finding(sections(passwd('root:x:0'))).status).toBe('pass');
    expect(uid0Finding(sections(passwd('root:x:0\ntoor:x:0')))).toMatchObject({
      status: 'fail',
      severity: 'critical',
      evidence: 'UID 0 besides root in /etc/passwd: toor.',
    });
    expect(uid0Finding(sections(sec('passwd', '', 1))).status).toBe('not_checked');
  });

  it('finds empty passwords in /etc/shadow, and passes when there are none', () => {
    const shadow = (body: string) => parts('shadow', file('/etc/shadow', body));
    expect(emptyPasswordFinding(sections(passwd('root:x:0'), shadow('empty:guest')), facts())).toMatchObject({
      status: 'fail',
      evidence: 'empty password field in /etc/shadow: guest.',
    });
    expect(emptyPasswordFinding(sections(passwd('root:x:0'), shadow('')), facts())).toMatchObject({
      status: 'pass',
      evidence: 'No empty password field among 30 accounts in /etc/passwd and /etc/shadow.',
    });
  });

  it('needs root when /etc/shadow is unreadable, but an empty passwd field fails regardless', () => {
    const noShadow = parts('shadow', unreadable('/etc/shadow'));
    expect(emptyPasswordFinding(sections(passwd('root:x:0'), noShadow), facts({ uid: 1000 }))).toMatchObject({
      status: 'not_checked',
      reason: 'needs root',
    });
    expect(
      emptyPasswordFinding(sections(passwd('root:x:0\nkiosk:empty:1001'), noShadow), facts({ uid: 1000 })),
    ).toMatchObject({
      status: 'fail',
      evidence: 'empty password field in /etc/passwd: kiosk.',
    });
  });

  it('judges /etc/passwd alone on a system without /etc/shadow', () => {
    expect(
      emptyPasswordFinding(
        sections(passwd('root:locked:0'), parts('shadow', missing('/etc/shadow'))),
        facts(),
      ).evidence,
    ).toMatch(/there is no \/etc\/shadow/);
  });
});

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/audit';
import { absent, facts, file, missing, parts, sec, sections, unreadable } from './fixtures/sections';
import { parseSshdConfig, parseSshdT, sshdFindings, SSHD_DEFAULTS } from './parseSshd';
import { runningSshd } from './runningSshd';

const CFG = '/etc/ssh/sshd_config';
const byId = (fs: Finding[]): Record<string, Finding> => Object.fromEntries(fs.map((f) => [f.id, f]));
const sshdT = (kv: Record<string, string>): string =>
  Object.entries({
    port: '22',
    permitrootlogin: 'no',
    passwordauthentication: 'no',
    kbdinteractiveauthentication: 'no',
    maxauthtries: '3',
    x11forwarding: 'no',
    ...kv,
  })
    .map(([k, v]) => `${k} ${v}`)
    .join('\n');
// Output without the sshd-daemon section (as before the script looked for the running sshd)
// reads the default config.
const run = (...secs: string[]): Record<string, Finding> =>
  byId(sshdFindings(sections(...secs), facts({ uid: 1000, user: 'deploy' })));

describe('sshd -T', () => {
  it('passes each setting when hardened', () => {
    const f = run(sec('sshd-t', sshdT({})), parts('sshd-config', file(CFG, 'PermitRootLogin no')));
    expect(Object.values(f).map((x) => x.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(f['ssh.permit-root-login']?.evidence).toBe(`sshd -T: permitrootlogin no (${CFG} line 1)`);
  });

  it('fails each setting when weak, root by password raised to high', () => {
    const f = run(
      sec(
        'sshd-t',
        sshdT({
          permitrootlogin: 'yes',
          passwordauthentication: 'yes',
          kbdinteractiveauthentication: 'yes',
          maxauthtries: '6',
          x11forwarding: 'yes',
        }),
      ),
      parts(
        'sshd-config',
        file(CFG, 'Include /etc/ssh/sshd_config.d/*.conf'),
        file('/etc/ssh/sshd_config.d/50-cloud-init.conf', 'PasswordAuthentication yes'),
      ),
    );
    expect(Object.values(f).map((x) => x.status)).toEqual(['fail', 'fail', 'fail', 'fail', 'fail']);
    expect(f['ssh.permit-root-login']?.severity).toBe('high');
    // The fix names the file to edit: a cloud-init drop-in overrides the main file.
    expect(f['ssh.password-authentication']?.fix).toMatch(
      /set in \/etc\/ssh\/sshd_config.d\/50-cloud-init.conf/,
    );
    expect(f['ssh.max-auth-tries']?.fix).toMatch(
      /add `MaxAuthTries 4` near the top of \/etc\/ssh\/sshd_config/,
    );
  });

  it('reads root by key only (without-password, the old spelling) as a low fail', () => {
    const f = run(
      sec('sshd-t', sshdT({ permitrootlogin: 'without-password' })),
      parts('sshd-config', file(CFG, '')),
    );
    expect(f['ssh.permit-root-login']).toMatchObject({ status: 'fail', severity: 'low' });
    expect(f['ssh.permit-root-login']?.evidence).toBe('sshd -T: permitrootlogin prohibit-password');
  });

  it('treats pre-8.7 ChallengeResponseAuthentication as keyboard-interactive: on only if both are', () => {
    expect(
      parseSshdT('kbdinteractiveauthentication yes\nchallengeresponseauthentication no').get(
        'kbdinteractiveauthentication',
      ),
    ).toBe('no');
    expect(
      parseSshdT('kbdinteractiveauthentication yes\nchallengeresponseauthentication yes').get(
        'kbdinteractiveauthentication',
      ),
    ).toBe('yes');
  });
});

describe('sshd config files (sshd -T not usable)', () => {
  const noT = sec('sshd-t', 'sshd: no hostkeys available -- exiting.', 1);

  it('takes the first value, following Include in place, globbed files in lexical order', () => {
    const s = parseSshdConfig(
      sections(
        parts(
          'sshd-config',
          file(CFG, '# comment\nInclude sshd_config.d/*.conf\nPasswordAuthentication no\nX11Forwarding yes'),
          file('/etc/ssh/sshd_config.d/60-b.conf', 'MaxAuthTries 2\nPasswordAuthentication no'),
          file(
            '/etc/ssh/sshd_config.d/50-a.conf',
            'passwordauthentication=yes  # trailing comment\nMaxAuthTries 5',
          ),
        ),
      ).get('sshd-config')!.parts,
      CFG,
    );
    expect(s.get('passwordauthentication')).toEqual({
      value: 'yes',
      source: '/etc/ssh/sshd_config.d/50-a.conf line 1',
    });
    expect(s.get('maxauthtries')?.value).toBe('5');
    expect(s.get('x11forwarding')).toEqual({ value: 'yes', source: `${CFG} line 4` });
    expect(s.get('permitrootlogin')).toEqual({ value: SSHD_DEFAULTS.permitrootlogin, source: 'default' });
  });

  it('leaves Match blocks out of the global values, to the end of their file only', () => {
    const s = parseSshdConfig(
      sections(
        parts(
          'sshd-config',
          file(
            CFG,
            'Include /etc/ssh/extra.conf\nX11Forwarding no\nMatch User backup\n  PasswordAuthentication yes',
          ),
          file('/etc/ssh/extra.conf', 'Match Address 10.0.0.0/8\n  PermitRootLogin yes'),
        ),
      ).get('sshd-config')!.parts,
      CFG,
    );
    expect(s.get('permitrootlogin')?.source).toBe('default');
    expect(s.get('x11forwarding')?.value).toBe('no');
    expect(s.get('passwordauthentication')?.source).toBe('default');
  });

  it('passes and fails from the files, and says it read files and why', () => {
    const f = run(
      noT,
      parts(
        'sshd-config',
        file(
          CFG,
          'PermitRootLogin yes\nPasswordAuthentication no\nChallengeResponseAuthentication no\nMaxAuthTries 4',
        ),
      ),
    );
    expect(f['ssh.permit-root-login']).toMatchObject({ status: 'fail', severity: 'high' });
    expect(f['ssh.password-authentication']?.status).toBe('pass');
    expect(f['ssh.kbd-interactive-authentication']?.status).toBe('pass');
    expect(f['ssh.max-auth-tries']?.status).toBe('pass');
    expect(f['ssh.x11-forwarding']?.evidence).toMatch(/not set .* OpenSSH's default applies: no/);
    expect(f['ssh.password-authentication']?.evidence).toMatch(/sshd -T failed: sshd: no hostkeys available/);
  });

  it('reports values an unreadable include may override as not checked: needs root', () => {
    const f = run(
      noT,
      parts(
        'sshd-config',
        file(CFG, 'PermitRootLogin no\nInclude /etc/ssh/sshd_config.d/*.conf\nX11Forwarding no'),
        unreadable('/etc/ssh/sshd_config.d/50-redhat.conf'),
      ),
    );
    expect(f['ssh.permit-root-login']?.status).toBe('pass'); // obtained before the unreadable file
    expect(f['ssh.x11-forwarding']).toMatchObject({ status: 'not_checked', reason: 'needs root' });
    expect(f['ssh.x11-forwarding']?.evidence).toMatch(/50-redhat.conf is not readable/);
  });

  it('reports an include directory it cannot list, and an unreadable main file, as needs root', () => {
    const dir = run(
      noT,
      parts(
        'sshd-config',
        file(CFG, 'Include /etc/ssh/sshd_config.d/*.conf'),
        unreadable('/etc/ssh/sshd_config.d/*.conf'),
      ),
    );
    expect(dir['ssh.password-authentication']).toMatchObject({ status: 'not_checked', reason: 'needs root' });
    const main = run(noT, parts('sshd-config', unreadable(CFG)));
    expect(Object.values(main).every((x) => x.status === 'not_checked' && x.reason === 'needs root')).toBe(
      true,
    );
  });

  it('says "sshd not installed" when there is neither sshd nor a config', () => {
    const f = run(absent('sshd-t', 'sshd'), parts('sshd-config', missing(CFG)));
    expect(Object.values(f).map((x) => [x.status, x.reason])).toEqual(
      Array(5).fill(['not_checked', 'sshd not installed']),
    );
  });
});

describe('the running sshd (its own -f and -o, not /etc/ssh/sshd_config)', () => {
  const ALT = '/srv/ssh/sshd_config';
  const daemon = (lines: string): string => sec('sshd-daemon', lines);
  const judged = (configured: string | undefined, ...secs: string[]): Record<string, Finding> =>
    byId(sshdFindings(sections(...secs), facts({ uid: 1000, user: 'deploy' }), configured));

  it('judges sshd -T of the daemon this audit logged in through, and names it', () => {
    const f = judged(
      undefined,
      daemon(`pid=812\nhow=ancestor\nargs=/usr/sbin/sshd -D -f ${ALT}\nfile=${ALT}\nconfig=${ALT}`),
      sec('sshd-t', sshdT({ passwordauthentication: 'no' })),
      parts(
        'sshd-config',
        file(ALT, 'Port 2222\nPasswordAuthentication no'),
        file(CFG, 'PasswordAuthentication yes'),
      ),
    );
    expect(f['ssh.password-authentication']).toMatchObject({
      status: 'pass',
      title: 'SSH: password logins are off',
      evidence: `sshd -T: passwordauthentication no (${ALT} line 2). Effective settings of the running sshd (pid 812, -f ${ALT}), the one this audit logged in through.`,
    });
  });

  it('reads the daemon’s own file when sshd -T cannot run, its -o options first, and says so', () => {
    const f = judged(
      undefined,
      daemon(
        [
          'other=95 /usr/sbin/sshd -D',
          'pid=812',
          'how=listed',
          `args=/usr/sbin/sshd -D -f ${ALT} -o PasswordAuthentication=no`,
          'opt=PasswordAuthentication=no',
          `file=${ALT}`,
          `config=${ALT}`,
        ].join('\n'),
      ),
      sec('sshd-t', `sshd: no hostkeys available -- exiting.`, 1),
      parts('sshd-config', file(ALT, 'PasswordAuthentication yes\nX11Forwarding yes')),
    );
    const source = `the running sshd (pid 812, -f ${ALT}, -o PasswordAuthentication=no); 1 other sshd listener runs, not audited: 95 /usr/sbin/sshd -D`;
    expect(f['ssh.password-authentication']).toMatchObject({
      status: 'pass',
      evidence: `PasswordAuthentication no (the sshd command line: -o PasswordAuthentication=no). Read from the config files of ${source}, as sshd -T failed: sshd: no hostkeys available -- exiting.; Match blocks not applied.`,
    });
    expect(f['ssh.x11-forwarding']).toMatchObject({
      status: 'fail',
      title: 'SSH: X11 forwarding is on',
      evidence: expect.stringContaining(`X11Forwarding yes (${ALT} line 2)`),
      fix: expect.stringContaining(`set in ${ALT}: change it there`),
    });
    expect(f['ssh.max-auth-tries']?.fix).toContain(`near the top of ${ALT}`);
  });

  it('parses the section, and says when no sshd runs or the host names its own config', () => {
    const none = sections(daemon('config=/etc/ssh/sshd_config'));
    expect(runningSshd(none)).toMatchObject({ how: 'none', pid: null, config: CFG });
    const f = judged(
      undefined,
      daemon('config=/etc/ssh/sshd_config'),
      sec('sshd-t', sshdT({})),
      parts('sshd-config', file(CFG, '')),
    );
    expect(f['ssh.x11-forwarding']?.evidence).toBe(
      'sshd -T: x11forwarding no. Effective settings of the default config (/etc/ssh/sshd_config): no running sshd was found.',
    );
    const set = judged(
      ALT,
      daemon(`pid=812\nhow=ancestor\nargs=/usr/sbin/sshd -D\nconfig=${ALT}`),
      sec('sshd-t', sshdT({})),
      parts('sshd-config', file(ALT, '')),
    );
    expect(set['ssh.x11-forwarding']?.evidence).toBe(
      `sshd -T: x11forwarding no. Effective settings of the sshd config set for this host (${ALT}).`,
    );
  });
});

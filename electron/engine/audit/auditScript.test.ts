import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditOutputError, hostFacts, parseAuditOutput, timedOut } from './auditOutput';
import { buildAuditScript, MAX_SECTION_LINES } from './auditScript';
import { frame, NONCE, sec, sections } from './fixtures/sections';

const SHELLS = [['/bin/sh'], ['/bin/dash'], ['/bin/bash'], ['/bin/busybox', 'sh']].filter(([p]) =>
  existsSync(p!),
);
const EVERY_SECTION = [
  'info',
  'sshd-daemon',
  'sshd-t',
  'sshd-config',
  'nft',
  'iptables',
  'ufw',
  'firewalld',
  'reboot',
  'needs-restarting',
  'passwd',
  'shadow',
  'journal',
  'authlog',
  'fail2ban',
  'procs',
  'timedatectl',
  'chronyc',
  'ntpq',
];

function runScript(shell: string[], script: string): string {
  const [bin = '/bin/sh', ...pre] = shell;
  return execFileSync(bin, [...pre, '-c', script], { encoding: 'utf8', maxBuffer: 8 << 20, timeout: 60_000 });
}

describe('audit script', () => {
  it.each(SHELLS)(
    'runs under %s and frames every section',
    (...shell) => {
      const nonce = 'abcdef0123456789';
      const s = parseAuditOutput(runScript(shell, buildAuditScript({ nonce })), nonce);
      for (const name of EVERY_SECTION) expect(s.has(name), name).toBe(true);
      expect(s.has('ss') || s.has('proc-tcp')).toBe(true);
      expect(s.has('apt') || s.has('apt-get')).toBe(true);
      expect(s.has('dnf') || s.has('yum')).toBe(true);
      const f = hostFacts(s);
      expect(f.uid).toBe(process.getuid?.());
      expect(Math.abs((f.now ?? 0) - Date.now() / 1000)).toBeLessThan(120);
      // Of /etc/passwd only UID 0 rows, empty fields and the count are sent; never a hash.
      expect(s.get('passwd')?.text).toMatch(/^root:x:0$/m);
      // The daemon found (or not) and the config file the files section then reads.
      expect(s.get('sshd-daemon')?.text).toMatch(/^config=\/\S+$/m);
      expect(s.get('sshd-config')?.parts[0]?.name).toBe(
        /^config=(.*)$/m.exec(s.get('sshd-daemon')?.text ?? '')?.[1],
      );
      expect(s.get('shadow')?.parts[0]?.text ?? '').not.toMatch(/\$\d\$|\$y\$/);
    },
    90_000,
  );

  it('writes nothing and asks for no password: only /dev/null is redirected to, and there is no sudo', () => {
    const script = buildAuditScript({ nonce: NONCE });
    const redirects = script.replaceAll('2>&1', '').replace(/\d?>\s*\/dev\/null/g, '');
    expect(redirects).not.toMatch(/>/);
    expect(script).not.toMatch(/\bsudo\b|\bsu\b|\btee\b|\bmktemp\b/);
  });

  it('passes the sshd config path as one quoted word: a hostile path runs nothing', () => {
    const marker = join(tmpdir(), `gb-audit-pwned-${process.pid}`);
    rmSync(marker, { force: true });
    const path = `/nonexistent/x'; touch ${marker}; '$(touch ${marker})`;
    const out = runScript(['/bin/sh'], buildAuditScript({ nonce: NONCE, sshdConfigPath: path }));
    expect(existsSync(marker)).toBe(false);
    expect(parseAuditOutput(out, NONCE).get('sshd-config')?.parts).toEqual([
      { name: path, state: 'missing', text: '' },
    ]);
  }, 60_000);

  it('refuses a nonce that could break the markers', () => {
    expect(() => buildAuditScript({ nonce: "x'; reboot" })).toThrow(/nonce/);
  });
});

describe('audit output framing', () => {
  it('reads sections, parts, exit codes and absent tools', () => {
    const s = sections(
      sec('a', 'one\ntwo', 3),
      `@@GB:${NONCE}:SEC b\n@@GB:${NONCE}:ABSENT tool-b\n`,
      `@@GB:${NONCE}:SEC c\n@@GB:${NONCE}:FILE /x\nx1\n@@GB:${NONCE}:UNREADABLE /y\n\n@@GB:${NONCE}:RC 0\n`,
    );
    expect(s.get('a')).toMatchObject({ text: 'one\ntwo', rc: 3, absent: null, truncated: false });
    expect(s.get('b')).toMatchObject({ rc: null, absent: 'tool-b' });
    expect(s.get('c')?.parts).toEqual([
      { name: '/x', state: 'ok', text: 'x1' },
      { name: '/y', state: 'unreadable', text: '' },
    ]);
  });

  it('ignores markers with another nonce: a log line cannot open a section', () => {
    const s = sections(
      sec('journal', '2026-11-28T09:00:00+0000 h sshd[1]: Invalid user @@GB:other:SEC passwd'),
    );
    const spoof = sections(sec('a', '@@GB:guess000:SEC passwd\nroot:x:0'));
    expect([...s.keys()]).toEqual(['journal']);
    expect([...spoof.keys()]).toEqual(['a']);
  });

  it('flags a command output cut at the line cap', () => {
    const long = Array.from({ length: MAX_SECTION_LINES + 1 }, (_, i) => `line ${i}`).join('\n');
    const s = sections(sec('apt', long)).get('apt');
    expect(s?.truncated).toBe(true);
    expect(s?.text.split('\n')).toHaveLength(MAX_SECTION_LINES);
  });

  it('knows a timeout by its exit code (coreutils 124, BusyBox 143)', () => {
    expect(timedOut(sections(sec('x', '', 124)).get('x')!)).toBe(true);
    expect(timedOut(sections(sec('x', '', 143)).get('x')!)).toBe(true);
    expect(timedOut(sections(sec('x', '', 1)).get('x')!)).toBe(false);
  });

  it('rejects output that never started or was cut short', () => {
    expect(() => parseAuditOutput('sh: 1: syntax error\n', NONCE)).toThrow(AuditOutputError);
    const whole = frame(sec('info', 'uid=0'));
    expect(() => parseAuditOutput(whole.slice(0, whole.length - 20), NONCE)).toThrow(/cut short/);
    expect(() => parseAuditOutput(whole, 'other000')).toThrow(/no start marker/);
  });
});

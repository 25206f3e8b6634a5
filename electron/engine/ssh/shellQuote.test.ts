import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote } from './shellQuote';

const hostile = [
  '; rm -rf /',
  '$(reboot)',
  '`reboot`',
  "'",
  "it's",
  "''",
  '"',
  '"$HOME"',
  'a\nb',
  '\n',
  '*',
  '~',
  '~root',
  '-rf',
  '--',
  'héllo wörld ☃ 日本語 🚀',
  ' ',
  '  leading and trailing  ',
  '\\',
  '\\n',
  '\t',
  '$IFS',
  '!!',
  '| cat /etc/passwd',
  '> /tmp/x',
  '& echo bg',
  '%s',
  '',
  'x'.repeat(100_000),
  "'; echo pwned; '",
];

// Only the shells this machine has; each must hand the argv back byte for byte.
const shells = [['/bin/sh'], ['/bin/bash'], ['/bin/dash'], ['/bin/busybox', 'sh']].filter(
  ([path]) => path !== undefined && existsSync(path),
);

describe('shellQuote', () => {
  it('single-quotes, escaping a quote as the four characters quote-backslash-quote-quote', () => {
    expect(shellQuote('abc')).toBe("'abc'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(reboot)')).toBe("'$(reboot)'");
    expect(shellQuote('a\nb')).toBe("'a\nb'");
  });

  it('refuses a NUL byte with a message that says what to do', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL character.*remove it/);
    expect(() => shellCommand(['ok', '\0'])).toThrow(/NUL/);
  });

  it('joins quoted arguments with single spaces', () => {
    expect(shellCommand(['ls', '-la', 'my dir'])).toBe("'ls' '-la' 'my dir'");
    expect(shellCommand([])).toBe('');
  });

  it('finds at least /bin/sh to run the round trip', () => {
    expect(shells.map(([p]) => p)).toContain('/bin/sh');
  });

  for (const shell of shells) {
    it(`passes hostile arguments through ${shell.join(' ')} unchanged`, () => {
      // printf prints each argument followed by NUL, so arguments with newlines stay separable.
      const cmd = shellCommand(['printf', '%s\\0', ...hostile]);
      const [bin = '/bin/sh', ...pre] = shell;
      const out = execFileSync(bin, [...pre, '-c', cmd], { encoding: 'utf8', maxBuffer: 16 << 20 });
      expect(out.split('\0').slice(0, -1)).toEqual(hostile);
    });

    it(`runs each hostile argument alone through ${shell.join(' ')} as one argument`, () => {
      for (const arg of hostile) {
        const [bin = '/bin/sh', ...pre] = shell;
        const out = execFileSync(bin, [...pre, '-c', `printf '%s' ${shellQuote(arg)}`], { encoding: 'utf8' });
        expect(out).toBe(arg);
      }
    });
  }
});

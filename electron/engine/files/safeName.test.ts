import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isInside, pathInside, safeFileName, safeFilePath } from './safeName';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-safename-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('safeFileName', () => {
  it('keeps a readable slug of the name and adds a short hash of the id', () => {
    expect(safeFileName('db-1', 'db-1', '.csv')).toMatch(/^db-1-[0-9a-f]{12}\.csv$/);
    expect(safeFileName('web server (eu)', 'w', '.csv')).toMatch(/^web-server-eu-[0-9a-f]{12}\.csv$/);
    expect(safeFileName('café', 'c', '.csv')).toMatch(/^cafe-[0-9a-f]{12}\.csv$/);
  });

  it('never yields a separator, a parent reference or a hidden file, whatever the name', () => {
    for (const name of [
      '../../../../tmp/x',
      '..',
      '.',
      '',
      '/',
      'a\\b',
      'C:\\x',
      '.bashrc',
      'a\u0000b',
      '\u202e',
    ]) {
      const f = safeFileName(name, name, '.csv');
      expect(f).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.csv$/);
      expect(f).not.toContain('..');
      expect(pathInside(dir, f)).toBe(join(dir, f));
    }
    expect(safeFileName('../../../../tmp/x', 'p', '.csv')).toMatch(/^tmp-x-/);
  });

  it('keeps ids apart that slug alike, also on a case-insensitive disk', () => {
    const names = ['db-1', 'DB-1', 'db/1', 'db:1', 'db 1', 'db-1 '].map((id) => safeFileName(id, id, '.csv'));
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(safeFileName('x'.repeat(500), 'long', '.csv').length).toBeLessThan(80);
  });

  it('refuses an extension that is not a plain one', () => {
    expect(() => safeFileName('a', 'a', '/../x')).toThrow();
  });
});

describe('pathInside', () => {
  it('throws a GreenboardError for a name that lands outside its folder', () => {
    for (const name of ['../x.csv', '../../etc/passwd', '/tmp/x.csv', '.', 'a/../../x']) {
      expect(() => pathInside(dir, name)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    }
    expect(pathInside(dir, 'a/b.csv')).toBe(join(dir, 'a', 'b.csv'));
    expect(safeFilePath(dir, 'x', 'x', '.csv').startsWith(`${dir}/`)).toBe(true);
    expect(isInside(dir, `${dir}-other/x`)).toBe(false);
  });
});

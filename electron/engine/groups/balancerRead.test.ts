import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BalancerSchema } from '../../../shared/groups';
import { runLocal } from '../diagnostics/runLocal';
import { BalancerError, BalancerReader } from './balancerRead';

// The nginx log read by offset through this machine's runner (real sh, wc, tail, head, tr):
// only what was written since the last read, a line still being written left for the next read,
// a rotated log read from its start, bytes outside ASCII keeping the offset exact.
const dir = mkdtempSync(join(tmpdir(), 'gb-balancer-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const exec = { exec: runLocal };
const line = (addr: string, path = '/'): string =>
  `127.0.0.1 "GET ${path} HTTP/1.1" 200 ua=${addr} urt=0.002\n`;

function reader(log: string): BalancerReader {
  return new BalancerReader(BalancerSchema.parse({ kind: 'nginx', hostId: 'local', accessLog: log }));
}

describe('reading an nginx access log by offset', () => {
  it('counts only new lines; a partial line waits; a rotated log starts over; non-ASCII keeps the offset', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, line('a:1') + line('b:2')); // history before the first read: not counted
    const r = reader(log);
    expect((await r.read(exec, 1)).delta).toBeNull();

    appendFileSync(log, line('a:1') + line('a:1') + '127.0.0.1 "GET /half'); // a line nginx is still writing
    expect(Object.fromEntries((await r.read(exec, 2)).delta ?? [])).toEqual({ 'a:1': 2 });
    appendFileSync(log, ' HTTP/1.1" 200 ua=b:2 urt=0.001\n' + line('b:2', '/caf\u00e9/\u{1F600}'));
    expect(Object.fromEntries((await r.read(exec, 3)).delta ?? [])).toEqual({ 'b:2': 2 });
    appendFileSync(log, line('c:3'));
    expect(Object.fromEntries((await r.read(exec, 4)).delta ?? [])).toEqual({ 'c:3': 1 });

    // Truncated in place (copytruncate): read from its start.
    writeFileSync(log, line('b:2'));
    expect(Object.fromEntries((await r.read(exec, 5)).delta ?? [])).toEqual({ 'b:2': 1 });
    expect(Object.fromEntries((await r.read(exec, 6)).delta ?? [])).toEqual({});

    // logrotate's default: the log moved aside and a new file made, which has grown past the old
    // offset by the next read. Its inode tells it apart; every line of it counts.
    renameSync(log, `${log}.1`);
    writeFileSync(log, line('c:3').repeat(5));
    expect(Object.fromEntries((await r.read(exec, 7)).delta ?? [])).toEqual({ 'c:3': 5 });
  });

  it('says what to do about a log it cannot read', async () => {
    const r = reader(join(dir, 'missing', 'access.log'));
    const err = await r.read(exec, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BalancerError);
    expect(String(err)).toMatch(
      /cannot read .*missing\/access\.log: .*No such file.*Give the SSH user read access/,
    );
  });
});

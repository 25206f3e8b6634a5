import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHostKey, fingerprintSha256, hostPattern, keyTypeOf, parseKnownHosts } from './knownHosts';

interface TestKey {
  line: string; // "ssh-ed25519 AAAA..."
  type: string;
  blob: Buffer;
  fingerprint: string; // from ssh-keygen -l
}

let dir: string;
let a: TestKey; // ed25519
let b: TestKey; // ed25519
let c: TestKey; // ecdsa

/** A real key from ssh-keygen, with the fingerprint ssh-keygen prints for it. */
function makeKey(name: string, type: string): TestKey {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', path]);
  const [keyType = '', b64 = ''] = readFileSync(`${path}.pub`, 'utf8').trim().split(' ');
  const fingerprint = execFileSync('ssh-keygen', ['-lf', `${path}.pub`], { encoding: 'utf8' }).split(' ')[1];
  return {
    line: `${keyType} ${b64}`,
    type: keyType,
    blob: Buffer.from(b64, 'base64'),
    fingerprint: fingerprint ?? '',
  };
}

/** Runs the text through `ssh-keygen -H`, OpenSSH's own hashing, and returns the result. */
function hashWithOpenSsh(text: string): string {
  const file = join(dir, 'known_hosts');
  writeFileSync(file, text);
  execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
  return readFileSync(file, 'utf8');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-known-hosts-'));
  a = makeKey('a', 'ed25519');
  b = makeKey('b', 'ed25519');
  c = makeKey('c', 'ecdsa');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (text: string, host: string, port: number, key: TestKey) =>
  checkHostKey(parseKnownHosts(text), host, port, key.type, key.blob);

describe('known_hosts', () => {
  it('fingerprints and types a key blob as ssh-keygen does', () => {
    for (const k of [a, b, c]) {
      expect(fingerprintSha256(k.blob)).toBe(k.fingerprint);
      expect(keyTypeOf(k.blob)).toBe(k.type);
    }
    expect(c.type).toBe('ecdsa-sha2-nistp256');
    expect(() => keyTypeOf(Buffer.from([0, 0]))).toThrow(/Not an SSH public key/);
  });

  it('names a host the way ssh looks it up', () => {
    expect(hostPattern('Example.COM', 22)).toBe('example.com');
    expect(hostPattern('example.com', 2222)).toBe('[example.com]:2222');
  });

  it('matches a plain entry by any of its names, case-insensitively', () => {
    const text = `db-1,db-1.example.com,10.0.0.5 ${a.line} comment here\n`;
    expect(check(text, 'db-1.example.com', 22, a)).toEqual({ status: 'match' });
    expect(check(text, 'DB-1', 22, a)).toEqual({ status: 'match' });
    expect(check(text, '10.0.0.5', 22, a)).toEqual({ status: 'match' });
    expect(check(text, 'db-2', 22, a)).toEqual({ status: 'unknown' });
  });

  it('matches [host]:port only on that port', () => {
    const text = `[db-2]:2222 ${a.line}\n`;
    expect(check(text, 'db-2', 2222, a)).toEqual({ status: 'match' });
    expect(check(text, 'db-2', 22, a)).toEqual({ status: 'unknown' });
    expect(check(text, 'db-2', 2223, a)).toEqual({ status: 'unknown' });
    expect(check(`db-3 ${a.line}\n`, 'db-3', 2222, a)).toEqual({ status: 'unknown' });
  });

  it('matches names hashed by ssh-keygen -H, with and without a port', () => {
    const hashed = hashWithOpenSsh(`web-1,web-1.lan ${a.line}\n[web-2]:2200 ${b.line}\n`);
    expect(hashed).not.toMatch(/web-/);
    const entries = parseKnownHosts(hashed);
    expect(entries).toHaveLength(3); // ssh-keygen writes one hashed line per name
    expect(entries.every((e) => !Array.isArray(e.hosts))).toBe(true);
    expect(check(hashed, 'web-1', 22, a)).toEqual({ status: 'match' });
    expect(check(hashed, 'WEB-1.lan', 22, a)).toEqual({ status: 'match' });
    expect(check(hashed, 'web-2', 2200, b)).toEqual({ status: 'match' });
    expect(check(hashed, 'web-2', 22, b)).toEqual({ status: 'unknown' });
    expect(check(hashed, 'web-3', 22, a)).toEqual({ status: 'unknown' });
    expect(check(hashed, 'web-1', 22, b)).toEqual({
      status: 'mismatch',
      expectedFingerprints: [a.fingerprint],
    });
  });

  it('reports a changed key of the same type as a mismatch, with what was expected', () => {
    const text = `db-1 ${a.line}\n`;
    expect(check(text, 'db-1', 22, b)).toEqual({ status: 'mismatch', expectedFingerprints: [a.fingerprint] });
  });

  it('leaves a host unknown when only keys of another type are known, as ssh does', () => {
    expect(check(`db-1 ${c.line}\n`, 'db-1', 22, a)).toEqual({ status: 'unknown' });
    expect(check(`db-1 ${c.line}\ndb-1 ${a.line}\n`, 'db-1', 22, a)).toEqual({ status: 'match' });
  });

  it('refuses a @revoked key even where another line trusts it', () => {
    const text = `db-1 ${b.line}\n@revoked * ${b.line}\n`;
    expect(check(text, 'db-1', 22, b)).toEqual({ status: 'revoked' });
    expect(check(`@revoked db-9 ${b.line}\n`, 'db-1', 22, b)).toEqual({ status: 'unknown' });
  });

  it('skips @cert-authority lines', () => {
    const entries = parseKnownHosts(`@cert-authority *.example.com ${a.line}\n`);
    expect(entries).toEqual([]);
  });

  it('matches wildcard patterns', () => {
    const text = `*.example.com ${a.line}\nweb?.lan ${b.line}\n`;
    expect(check(text, 'api.example.com', 22, a)).toEqual({ status: 'match' });
    expect(check(text, 'example.com', 22, a)).toEqual({ status: 'unknown' });
    expect(check(text, 'api.example.com.evil.net', 22, a)).toEqual({ status: 'unknown' });
    expect(check(text, 'web1.lan', 22, b)).toEqual({ status: 'match' });
    expect(check(text, 'web10.lan', 22, b)).toEqual({ status: 'unknown' });
    expect(check(`[*.lan]:2222 ${a.line}\n`, 'x.lan', 2222, a)).toEqual({ status: 'match' });
  });

  it('lets a !negated pattern exclude a host whatever else matches', () => {
    const text = `*.example.com,!bad.example.com ${a.line}\n`;
    expect(check(text, 'good.example.com', 22, a)).toEqual({ status: 'match' });
    expect(check(text, 'bad.example.com', 22, a)).toEqual({ status: 'unknown' });
    expect(check(`!bad.example.com ${a.line}\n`, 'other', 22, a)).toEqual({ status: 'unknown' });
  });

  it('skips comments, blank and garbage lines without throwing, and keeps line numbers', () => {
    const [type = '', b64 = ''] = a.line.split(' ');
    const text = [
      '# a comment',
      '',
      '   ',
      'justonefield',
      'host ssh-ed25519',
      `host ssh-ed25519 not*base64!`,
      `host ssh-rsa ${b64}`, // says rsa, blob says ed25519
      `host ${type} ${Buffer.from('xx').toString('base64')}`,
      `|1|bad|hashed ${a.line}`,
      `|2|${Buffer.from('s').toString('base64')}|${Buffer.from('h').toString('base64')} ${a.line}`,
      `@unknown-marker host ${a.line}`,
      '\u0000\uffff garbage \t line',
      `good ${a.line}\r`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ hosts: ['good'], keyType: type, line: 13 });
    expect(checkHostKey(entries, 'good', 22, a.type, a.blob)).toEqual({ status: 'match' });
  });
});

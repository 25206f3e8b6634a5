import { describe, expect, it } from 'vitest';
import { hostAllowed, invalidHostName, originAllowed, type HostPolicy } from './hostCheck';

const local: HostPolicy = { port: 4817, bindHost: '127.0.0.1', allowHosts: [] };

describe('hostAllowed', () => {
  it('takes the loopback names and the bound address on the bound port only', () => {
    for (const h of ['127.0.0.1:4817', 'localhost:4817', 'LocalHost.:4817', '[::1]:4817']) {
      expect(hostAllowed(h, local), h).toBe(true);
    }
    for (const h of ['127.0.0.1:4818', 'localhost', 'evil.example:4817', '', 'a b:4817', '127.0.0.1:99999']) {
      expect(hostAllowed(h, local), h).toBe(false);
    }
    expect(hostAllowed(undefined, local)).toBe(false);
  });

  it('reads an IPv6 bind address and --allow-host names with or without a port', () => {
    const lan: HostPolicy = { port: 80, bindHost: '::', allowHosts: ['gb.lan', 'Proxy.Example:8443'] };
    expect(hostAllowed('[::]', lan)).toBe(true);
    expect(hostAllowed('gb.lan:1234', lan)).toBe(true);
    expect(hostAllowed('proxy.example:8443', lan)).toBe(true);
    expect(hostAllowed('proxy.example', lan)).toBe(false);
    expect(hostAllowed('gb.lan.evil.example', lan)).toBe(false);
  });

  it('never reads credentials, paths or a long header as a name', () => {
    expect(hostAllowed('evil@127.0.0.1:4817', local)).toBe(false);
    expect(hostAllowed('127.0.0.1:4817/x', local)).toBe(false);
    expect(hostAllowed(`${'a.'.repeat(5000)}:4817`, local)).toBe(false);
  });
});

describe('originAllowed', () => {
  it('takes no Origin (curl) and our own, refuses others and opaque ones', () => {
    expect(originAllowed(undefined, local)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4817', local)).toBe(true);
    expect(originAllowed('http://localhost:4817', local)).toBe(true);
    for (const o of [
      'null',
      'http://evil.example',
      'http://127.0.0.1:4818',
      'file://',
      'http://127.0.0.1:4817/x',
    ]) {
      expect(originAllowed(o, local), o).toBe(false);
    }
    const proxied: HostPolicy = { ...local, allowHosts: ['gb.example.com'] };
    expect(originAllowed('https://gb.example.com', proxied)).toBe(true);
  });
});

describe('invalidHostName', () => {
  it('explains a value --allow-host cannot use', () => {
    expect(invalidHostName('gb.lan')).toBeNull();
    expect(invalidHostName('10.0.0.5:4817')).toBeNull();
    expect(invalidHostName('http://gb.lan')).toMatch(/--allow-host takes a host name/);
    expect(invalidHostName('gb.lan/x')).toMatch(/got "gb\.lan\/x"/);
  });
});

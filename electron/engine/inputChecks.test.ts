import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/dispatch';
import { silentLogger } from './clock';
import { assembleEngine, type Engine } from './createEngine';

// What the contract refuses before a handler runs, on a real engine in a temp folder, called
// through dispatch as both transports call it.
let dir: string;
let e: Engine;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-input-'));
  e = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger, localIntervalMs: 60_000 });
});
afterEach(async () => {
  await e.stop();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, input: unknown) => dispatch(e.api, method, input);
/** A bad request; with `path`, a validation failure that names that field in its issues too. */
const refused = (message: string | RegExp, path?: (string | number)[]) => ({
  ok: false,
  error: {
    code: 'bad_request',
    message: typeof message === 'string' ? message : expect.stringMatching(message),
    ...(path ? { issues: [{ path, message: expect.any(String) }] } : {}),
  },
});

describe('webhook URLs', () => {
  it('settings:set takes http(s) only, with a 400 naming the field', async () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/plain,x']) {
      expect(
        await call('settings:set', { notify: { desktop: true, webhookUrl: url, minGapMinutes: 5 } }),
      ).toEqual(
        refused('Invalid input for settings:set: notify.webhookUrl: use an http:// or https:// URL', [
          'notify',
          'webhookUrl',
        ]),
      );
    }
    const ok = await call('settings:set', {
      notify: { desktop: true, webhookUrl: 'https://hooks.example.com/x', minGapMinutes: 5 },
    });
    expect(ok).toMatchObject({ ok: true, result: { notify: { webhookUrl: 'https://hooks.example.com/x' } } });
  });
});

describe('hosts', () => {
  const ssh = { user: 'deploy', host: '10.0.0.5', port: 22 };

  it('hosts:add refuses control characters in tags and the identity file, and an interval over a day', async () => {
    expect(await call('hosts:add', { name: 'web-1', ssh, tags: ['prod\u001b[31m'] })).toEqual(
      refused(/^Invalid input for hosts:add: tags\.0: contains an escape character/, ['tags', 0]),
    );
    expect(await call('hosts:add', { name: 'web-1', ssh: { ...ssh, identityFile: '/k\0ey' } })).toEqual(
      refused(/^Invalid input for hosts:add: ssh\.identityFile: contains a NUL character/, [
        'ssh',
        'identityFile',
      ]),
    );
    expect(await call('hosts:add', { name: 'web-1', ssh, intervalMs: 3_000_000_000 })).toEqual(
      refused('Invalid input for hosts:add: intervalMs: must be at most a day (86400000 ms)', ['intervalMs']),
    );
    expect(e.hosts.list().map((s) => s.host.id)).toEqual(['local']);
  });

  it('hosts:import checks each entry as hosts:add does and lists the ones it refused', async () => {
    const text = [
      'Host good',
      '  HostName 10.0.0.7',
      '  User deploy',
      'Host evil',
      '  HostName 10.0.0.8',
      '  User a;$(id)`id`',
      'Host badjump',
      '  HostName 10.0.0.9',
      '  ProxyJump x;y@10.0.0.1',
      'Host bad/name',
      '  HostName 10.0.0.10',
      'Host local',
      '  HostName 10.0.0.11',
      '',
    ].join('\n');
    const r = await call('hosts:import', { text });
    expect(r).toEqual({
      ok: true,
      result: {
        added: ['good'],
        skipped: [{ name: 'local', reason: 'already on the board' }],
        refused: [
          { name: 'evil', reason: 'ssh.user: not a valid user name' },
          { name: 'badjump', reason: 'ssh.jump.user: not a valid user name' },
          { name: 'bad/name', reason: expect.stringMatching(/^name: use letters, digits/) },
        ],
      },
    });
    expect(e.hosts.list().map((s) => s.host.id)).toEqual(['local', 'good']);
    expect(e.store.db.prepare("SELECT count(*) FROM hosts WHERE config LIKE '%$(id)%'").pluck().get()).toBe(
      0,
    );
  });

  it('hosts:import answers 400 for an ssh_config the parser cannot read (an unclosed quote)', async () => {
    const r = await call('hosts:import', { text: '"local \\', names: ['local'] });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'bad_request',
        message: expect.stringMatching(/^This ssh_config cannot be read \(.+\)\. Check its quotes/),
      },
    });
  });
});

describe('saved commands and paths', () => {
  it('refuses a NUL in a diagnostic path and a saved argv, before anything runs', async () => {
    expect(
      await call('diag:run', { hostId: 'local', check: 'largest-dirs', path: '/\0', confirmed: false }),
    ).toEqual(refused(/^Invalid input for diag:run: path: contains a NUL character/, ['path']));
    expect(await call('diag:save', { name: 'x', title: 'X', argv: ['ls', '\0'] })).toEqual(
      refused(/^Invalid input for diag:save: argv\.1: contains a NUL character/, ['argv', 1]),
    );
  });
});

describe('stored list items that no longer validate', () => {
  it('one bad load-test target is left out, refused with why, and removable; the others stay', async () => {
    const spec = {
      targetUrl: 'http://127.0.0.1:9/',
      method: 'GET',
      headers: {},
      connections: 1,
      durationSec: 1,
      timeoutSec: 1,
      thresholds: [],
    };
    const insert = e.store.db.prepare(
      'INSERT INTO load_targets (id, name, spec, host_id, created_ts) VALUES (?, ?, ?, NULL, ?)',
    );
    insert.run('good', 'Good', JSON.stringify(spec), 1);
    insert.run(
      'bad',
      'Bad',
      JSON.stringify({ ...spec, targetUrl: 'file:///etc/passwd', durationSec: 3_000_000 }),
      2,
    );
    const list = await call('loadtests:targets', {});
    expect(list.ok && (list.result as { id: string }[]).map((t) => t.id)).toEqual(['good']);
    expect(await call('loadtests:start', { targetId: 'bad', confirmed: true })).toEqual(
      refused(/^Load-test target "bad" is disabled: its stored definition no longer validates/),
    );
    expect(await call('loadtests:removeTarget', { targetId: 'bad' })).toEqual({
      ok: true,
      result: { removed: 'bad' },
    });
    expect(e.store.db.prepare('SELECT id FROM load_targets').pluck().all()).toEqual(['good']);
  });

  it('one bad checklist template costs only itself', async () => {
    const good = { id: 'mine', title: 'Mine', signals: ['cpu'], steps: [{ id: 'a', text: 'Look' }] };
    const bad = { id: 'evil', title: 'Evil\u001b[2J', signals: [], steps: [{ id: 'a', text: 'x' }] };
    e.store.setSetting('incidents.templates', [bad, good]);
    const r = await call('incidents:templates', {});
    expect(r.ok && (r.result as { id: string }[]).map((t) => t.id)).toEqual(['mine']);
  });
});

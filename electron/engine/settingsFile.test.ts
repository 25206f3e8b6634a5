import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from './clock';
import { assembleEngine } from './createEngine';
import { GreenboardError } from '../../shared/errors';
import { checkRules, DEFAULT_SETTINGS, loadSettings, SETTINGS_FILE } from './settingsFile';

let dir: string;
let warnings: string[];
const log: Logger = {
  info: () => {},
  warn: (m) => warnings.push(m),
  error: (m) => warnings.push(m),
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-settings-'));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('greenboard.json', () => {
  it('is optional: defaults without it', () => {
    expect(loadSettings(dir, log)).toEqual(DEFAULT_SETTINGS);
    expect(warnings).toEqual([]);
  });

  it('takes any subset of settings', () => {
    writeFileSync(
      join(dir, SETTINGS_FILE),
      JSON.stringify({ retentionDays: { raw: 1, '1m': 7, '15m': 30, '1h': 365 } }),
    );
    expect(loadSettings(dir, log)).toEqual({
      ...DEFAULT_SETTINGS,
      retentionDays: { raw: 1, '1m': 7, '15m': 30, '1h': 365 },
    });
  });

  it('takes alert rules and notification settings, and names a bad rule field', () => {
    writeFileSync(
      join(dir, SETTINGS_FILE),
      JSON.stringify({
        rules: { tags: { db: { disk: { warn: 70 } } } },
        notify: { webhookUrl: 'http://127.0.0.1:9/hook' },
      }),
    );
    const s = loadSettings(dir, log);
    expect(s.rules.tags.db?.disk).toEqual({ warn: 70 });
    expect(s.notify).toEqual({ ...DEFAULT_SETTINGS.notify, webhookUrl: 'http://127.0.0.1:9/hook' });

    writeFileSync(
      join(dir, SETTINGS_FILE),
      JSON.stringify({ rules: { hosts: { 'db-1': { cpu: { warn: 99, critical: 50 } } } } }),
    );
    expect(loadSettings(dir, log)).toEqual(DEFAULT_SETTINGS);
    expect(warnings.at(-1)).toContain('rules.hosts.db-1.cpu.warn: must be ≤ critical (50)');

    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ rules: { defaults: { cpu: { wran: 1 } } } }));
    expect(loadSettings(dir, log)).toEqual(DEFAULT_SETTINGS);
    expect(warnings.at(-1)).toMatch(/rules\.defaults\.cpu: .*wran/);
  });

  it('takes a single tier, keeping the others', () => {
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ retentionDays: { raw: 1 } }));
    expect(loadSettings(dir, log).retentionDays).toEqual({ ...DEFAULT_SETTINGS.retentionDays, raw: 1 });
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ retentionDays: { raw: 'two' } }));
    expect(loadSettings(dir, log)).toEqual(DEFAULT_SETTINGS);
    expect(warnings.at(-1)).toMatch(/retentionDays\.raw: .*number/);
    // Not counting the file's path: a temp folder's random name may hold "1h" (gb-settings-Gk1hR2).
    expect(warnings.at(-1)?.replaceAll(dir, 'DIR')).not.toMatch(/1m|15m|1h/);
  });

  it('says what is wrong with a bad file and keeps monitoring with the defaults', () => {
    writeFileSync(join(dir, SETTINGS_FILE), '{ "localIntervalMs": 2000,');
    expect(loadSettings(dir, log)).toEqual(DEFAULT_SETTINGS);
    expect(warnings[0]).toMatch(
      /greenboard\.json is not valid JSON .*using default settings until it is fixed/,
    );
    writeFileSync(
      join(dir, SETTINGS_FILE),
      JSON.stringify({ retentionDays: { raw: 30, '1m': 7, '15m': 30, '1h': 365 }, colour: 'red' }),
    );
    expect(loadSettings(dir, log)).toEqual(DEFAULT_SETTINGS);
    expect(warnings[1]).toMatch(/raw ≤ 1m ≤ 15m ≤ 1h/);
    expect(warnings[1]).toMatch(/colour/);
  });

  it('drops only the values it cannot use: one Prometheus source, a file:// webhook, an interval over a day', () => {
    const good = { id: 'main', url: 'http://127.0.0.1:9090', refreshMs: 15_000 };
    writeFileSync(
      join(dir, SETTINGS_FILE),
      JSON.stringify({
        localIntervalMs: 5000,
        retentionDays: { raw: 3 },
        notify: { desktop: false, webhookUrl: 'file:///etc/passwd', minGapMinutes: 10 },
        prometheus: [good, { id: 'slow', url: 'http://127.0.0.1:9091', refreshMs: 3_000_000_000 }],
      }),
    );
    const s = loadSettings(dir, log);
    expect(s.localIntervalMs).toBe(5000);
    expect(s.retentionDays.raw).toBe(3);
    expect(s.notify).toEqual({ desktop: false, webhookUrl: null, minGapMinutes: 10 });
    expect(s.prometheus.map((p) => p.id)).toEqual(['main']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/notify\.webhookUrl: use an http:\/\/ or https:\/\/ URL/);
    expect(warnings[0]).toMatch(/prometheus\.1\.refreshMs: Too big/);
    expect(warnings[0]).toMatch(
      /ignoring notify\.webhookUrl, prometheus\[1\] until it is fixed, and using the rest\.$/,
    );
  });

  it('is what Settings in the app writes, and what the next start reads', async () => {
    const a = assembleEngine({ dataDir: dir, mode: 'headless', logger: log });
    const retentionDays = { raw: 3, '1m': 10, '15m': 60, '1h': 400 };
    await a.api['settings:set']({ retentionDays });
    await a.stop();
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toMatchObject({ retentionDays });
    const b = assembleEngine({ dataDir: dir, mode: 'headless', logger: log });
    expect((await b.api['settings:get']({})).retentionDays).toEqual(retentionDays);
    await b.stop();
  });
});

describe('checkRules', () => {
  it('names each refused field as segments of the settings:set input, a dotted host name kept whole', () => {
    const rules = {
      defaults: {},
      tags: {},
      hosts: { 'db-1.lan': { cpu: { warn: 99, critical: 50 } } },
    };
    let thrown: unknown;
    try {
      checkRules(rules);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GreenboardError);
    const err = thrown as GreenboardError;
    expect(err.message).toContain('rules.hosts.db-1.lan.cpu.warn: must be ≤ critical (50)');
    expect(err.issues).toEqual([
      { path: ['rules', 'hosts', 'db-1.lan', 'cpu', 'warn'], message: 'must be ≤ critical (50)' },
    ]);
  });

  it('puts a shape error at its path too', () => {
    const rules = { defaults: { cpu: { warn: 'lots' } }, tags: {}, hosts: {} } as never;
    expect(() => checkRules(rules)).toThrow(GreenboardError);
    try {
      checkRules(rules);
    } catch (err) {
      expect((err as GreenboardError).issues?.[0]?.path).toEqual(['rules', 'defaults', 'cpu', 'warn']);
    }
  });
});

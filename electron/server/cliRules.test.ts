import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../engine';
import { assembleEngine } from '../engine/createEngine';
import { makeSample } from '../engine/testing/fakes';
import { Store } from '../engine/store/store';
import type { BacktestResult } from '../../shared/backtest';
import { proposedRules } from './cliRules';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-cli-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args, '--data-dir', dir], { encoding: 'utf8' });
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

// Three hours of this machine at 10 s (its interval is 2 s today: the replay goes by the gaps the
// history shows, or every poll would read as data that had stopped): CPU at 93 % for 20 minutes an
// hour ago, 20 % otherwise.
const END = Date.now() - 60_000;
const BURST = END - 3_600_000;
beforeAll(async () => {
  const engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
  const samples = [];
  for (let ts = END - 3 * 3_600_000; ts <= END; ts += 10_000) {
    const busy = ts >= BURST && ts < BURST + 20 * 60_000 ? 93 : 20;
    samples.push(makeSample('local', ts, { cpu: { cores: 4, busyPct: busy, iowaitPct: 0, stealPct: 0 } }));
  }
  engine.store.writeSamples(samples);
  await engine.stop();
});

describe('greenboard rules test', () => {
  it('says when a proposed rule would have fired, in words and as JSON', () => {
    const rule = file('cpu.json', '{"cpu": {"warn": 90, "critical": 97, "forMs": 300000}}');
    const r = cli('rules', 'test', '--rule', rule, '--since', '1d');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [head, ep] = r.stdout.split('\n');
    expect(head).toMatch(/^Would have fired once in the last 24 h: \w{3} .*\d\d:\d\d for 20 min\.$/);
    // Named by its name (this machine's), not its id.
    expect(ep).toMatch(/for 20 min\s+\S.*\s+WARN\s+CPU 93% ≥ 90% for 5 min$/);

    const json = JSON.parse(
      cli('rules', 'test', '--rule', rule, '--since', '1d', '--json').stdout,
    ) as BacktestResult;
    expect(json).toMatchObject({ kinds: ['cpu'], hosts: 1, total: 1, resolution: [{ tier: 'raw' }] });
    expect(json.episodes[0]).toMatchObject({
      hostId: 'local',
      signal: 'cpu',
      level: 'warn',
      startTs: BURST + 5 * 60_000,
    });

    // The rule in use (warn 85 % for 5 min by default) with a higher level: nothing fires.
    const calm = cli(
      'rules',
      'test',
      '--rule',
      file('calm.json', '{"cpu": {"warn": 94, "critical": 98}}'),
      '--since',
      '1d',
    );
    expect(calm.stdout).toMatch(/^Would not have fired in the last 24 h \(1 host\)\.$/m);
  });

  it('tests a saved history file, counting back from its end', () => {
    const saved = join(dir, 'saved.sqlite');
    expect(cli('export', '--out', saved).status).toBe(0);
    const rule = file('cpu2.json', '{"defaults": {"cpu": {"warn": 90, "critical": 97, "forMs": 60000}}}');
    const r = cli('rules', 'test', '--rule', rule, '--since', '6h', '--history', saved, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      total: 1,
      episodes: [{ startTs: BURST + 60_000, endTs: BURST + 21 * 60_000 }],
    });
  });

  it('refuses bad rule files with what to fix, and never writes', () => {
    const missing = cli('rules', 'test', '--rule', join(dir, 'nope.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--rule: cannot read');
    expect(missing.stderr).toContain('no such file');

    const notJson = cli('rules', 'test', '--rule', file('bad.json', '{"cpu": '));
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toContain('is not JSON');
    // The wrong file given by mistake: its content is not echoed.
    const secret = cli('rules', 'test', '--rule', file('pgpass', 'db:5432:*:app:s3cret-pw\n'));
    expect(secret.status).toBe(2);
    expect(secret.stderr).toContain('is not JSON');
    expect(secret.stderr).not.toContain('s3cret');
    expect(secret.stderr).not.toContain('db:5432');

    const unknown = cli('rules', 'test', '--rule', file('typo.json', '{"cpuu": {"warn": 70}}'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/not a rule: .*cpuu/);

    // warn above critical (95 by default): the engine's own check, naming the field.
    const senseless = cli('rules', 'test', '--rule', file('warn.json', '{"cpu": {"warn": 99}}'));
    expect(senseless.status).toBe(1);
    expect(senseless.stderr).toMatch(/rules\.defaults\.cpu/);

    expect(cli('rules', 'test').status).toBe(2);
    expect(cli('rules', 'frobnicate').stderr).toContain('Unknown rules command "frobnicate"');
    expect(cli('rules', 'test', '--rule', file('x.json', '{}'), '--since', 'yesterday').stderr).toContain(
      '--since takes a span',
    );
  });

  it('a layer goes over the rules in use; a whole config replaces them', () => {
    const current = { defaults: { memory: { warn: 70 } }, tags: { db: { cpu: { warn: 50 } } }, hosts: {} };
    expect(proposedRules({ cpu: { warn: 60 } }, current)).toEqual({
      rules: {
        defaults: { memory: { warn: 70 }, cpu: { warn: 60 } },
        tags: { db: { cpu: { warn: 50 } } },
        hosts: {},
      },
      kinds: ['cpu'],
    });
    const whole = proposedRules({ hosts: { 'web-1': { disk: { warn: 70 } } } }, current);
    expect(whole.rules).toEqual({ defaults: {}, tags: {}, hosts: { 'web-1': { disk: { warn: 70 } } } });
    expect(whole.kinds).toEqual(['disk']);
  });
});

describe('greenboard rules test with a group rule', () => {
  // A saved history of two web hosts over six hours at 10 s: both at 70 % CPU for 20 minutes two
  // hours before its end, 20 % otherwise.
  const saved = join(dir, 'groups.sqlite');
  const GEND = Date.UTC(2026, 10, 30, 12, 0);
  const GBURST = GEND - 2 * 3_600_000;
  beforeAll(() => {
    const store = new Store(saved);
    for (const id of ['web-1', 'web-2'])
      store.upsertHost({ id, name: `${id}.example`, kind: 'ssh', intervalMs: 10_000, tags: ['web'] }, 0);
    const samples = [];
    for (let ts = GEND - 6 * 3_600_000; ts <= GEND; ts += 10_000)
      for (const id of ['web-1', 'web-2']) {
        const busy = ts >= GBURST && ts < GBURST + 20 * 60_000 ? 70 : 20;
        samples.push(makeSample(id, ts, { cpu: { cores: 4, busyPct: busy, iowaitPct: 0, stealPct: 0 } }));
      }
    store.writeSamples(samples);
    store.close();
  });
  const tagRule = (): string =>
    file('web.json', '{"tags": {"web": {"groupCpu": {"warn": 60, "critical": 95, "forMs": 300000}}}}');

  it('replays a tag rule over the group’s members and names the group', () => {
    const r = cli('rules', 'test', '--rule', tagRule(), '--since', '1d', '--history', saved);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [head, ep] = r.stdout.split('\n');
    expect(head).toMatch(
      /^Would have fired once in the last 24 h: \w{3} .*\d\d:\d\d for 20 min \(group web\)\.$/,
    );
    expect(ep).toMatch(/group web\s+WARN\s+web: mean CPU 70 % across 2 hosts .*\(≥ 60% for 5 min\)$/);
    const json = JSON.parse(
      cli(
        'rules',
        'test',
        '--rule',
        tagRule(),
        '--since',
        '1d',
        '--history',
        saved,
        '--group',
        'web',
        '--json',
      ).stdout,
    ) as BacktestResult;
    expect(json).toMatchObject({ kinds: ['groupCpu'], hosts: 2, groups: 1, total: 1 });
    expect(json.episodes[0]).toMatchObject({
      hostId: 'group:web',
      name: 'group web',
      startTs: GBURST + 5 * 60_000,
    });
  });

  it('--forecast replays the built-in forecast rule, and says so', () => {
    const r = cli('rules', 'test', '--forecast', '--since', '1d', '--history', saved);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Would not have fired in the last 24 h (2 hosts).');
    expect(lines.at(-1)).toMatch(/^Forecasts are judged by the built-in rule/);
    const both = cli('rules', 'test', '--forecast', '--group', 'web', '--history', saved);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('"forecast" is judged per host, not per group');
  });

  it('refuses a group no host carries, and a group rule asked of a host', () => {
    const unknown = cli('rules', 'test', '--rule', tagRule(), '--history', saved, '--group', 'api');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(
      'No group "api" in this history: a group is a tag, and no host here carries it.',
    );
    const wrong = cli('rules', 'test', '--rule', tagRule(), '--history', saved, '--host', 'web-1.example');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain(
      "the rule file names only a group's kinds (groupCpu); test them with --group TAG",
    );
    const both = cli(
      'rules',
      'test',
      '--rule',
      tagRule(),
      '--history',
      saved,
      '--host',
      'web-1.example',
      '--group',
      'web',
    );
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('Give --host or --group, not both');
  });
});

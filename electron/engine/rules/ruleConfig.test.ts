import { describe, expect, it } from 'vitest';
import { checkHostRules, parseRulesConfig, resolveRules } from './ruleConfig';
import { DEFAULT_RULES, emptyRulesConfig, type RulesConfig } from './ruleTypes';

function parsed(raw: unknown): RulesConfig {
  const r = parseRulesConfig(raw);
  if (!r.ok) throw new Error(r.error.message);
  return r.config;
}

function issues(raw: unknown): string[] {
  const r = parseRulesConfig(raw);
  return r.ok ? [] : r.error.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('resolveRules', () => {
  it('gives the built-in defaults when nothing is overridden', () => {
    expect(resolveRules(parsed({}), { id: 'h', tags: ['web'] })).toEqual(DEFAULT_RULES);
  });

  it('lets a host beat a tag beat the defaults, field by field', () => {
    const config = parsed({
      defaults: { cpu: { warn: 70 }, staleAfterIntervals: 5 },
      tags: { db: { cpu: { warn: 75, forMs: 0 }, disk: { warn: 90, clearWarn: 88 } } },
      hosts: { 'db-1': { cpu: { warn: 80 } } },
    });
    const db1 = resolveRules(config, { id: 'db-1', tags: ['db'] });
    // The clear level follows a moved trip level, keeping the 5-point gap of the layer below.
    expect(db1.rules.cpu).toEqual({ ...DEFAULT_RULES.rules.cpu, warn: 80, clearWarn: 75, forMs: 0 });
    expect(db1.rules.disk).toMatchObject({ warn: 90, clearWarn: 88, critical: 95 });
    expect(db1.staleAfterIntervals).toBe(5);
    expect(resolveRules(config, { id: 'db-2', tags: ['db'] }).rules.cpu.warn).toBe(75);
    expect(resolveRules(config, { id: 'web-1', tags: [] }).rules.cpu.warn).toBe(70);
  });

  it("applies tags in the host's order, the later one winning a field both set", () => {
    const config = parsed({ tags: { a: { cpu: { warn: 60 } }, b: { cpu: { warn: 65 } } } });
    expect(resolveRules(config, { id: 'h', tags: ['a', 'b'] }).rules.cpu.warn).toBe(65);
    expect(resolveRules(config, { id: 'h', tags: ['b', 'a'] }).rules.cpu.warn).toBe(60);
  });
});

describe('parseRulesConfig', () => {
  it('accepts an empty config and the built-in defaults are themselves consistent', () => {
    expect(parsed({})).toEqual(emptyRulesConfig());
    expect(checkHostRules(emptyRulesConfig(), { id: 'h', tags: [] })).toEqual([]);
  });

  it('names the field of a host override with warn above critical', () => {
    const r = parseRulesConfig({ hosts: { 'db-1': { cpu: { warn: 96 } } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_rules');
    expect(r.error.issues).toEqual([
      { path: 'rules.hosts.db-1.cpu.warn', message: 'must be ≤ critical (95)' },
    ]);
    expect(r.error.message).toBe(
      'Alert rules not saved: rules.hosts.db-1.cpu.warn: must be ≤ critical (95). Fix that field and save again.',
    );
  });

  it('names critical when the override lowered critical under the inherited warn', () => {
    expect(issues({ tags: { prod: { memory: { critical: 80 } } } })).toEqual([
      'rules.tags.prod.memory.critical: must be ≥ warn (90)',
    ]);
  });

  it('checks tag and host layers over the config defaults, not only the built-ins', () => {
    expect(issues({ defaults: { cpu: { critical: 99 } }, hosts: { h: { cpu: { warn: 97 } } } })).toEqual([]);
    expect(
      issues({ defaults: { cpu: { critical: 90, clearCritical: 88 } }, hosts: { h: { cpu: { warn: 92 } } } }),
    ).toEqual(['rules.hosts.h.cpu.warn: must be ≤ critical (90)']);
  });

  it('rejects a clear level above its trip level', () => {
    expect(issues({ defaults: { cpu: { clearWarn: 86 } } })).toEqual([
      'rules.defaults.cpu.clearWarn: must be ≤ warn (85), or the state would flap',
    ]);
    expect(issues({ hosts: { h: { cpu: { warn: 70, clearWarn: 71 } } } })).toEqual([
      'rules.hosts.h.cpu.clearWarn: must be ≤ warn (70), or the state would flap',
    ]);
  });

  it('moves an unset clear level with its trip level, never to or below 0', () => {
    const r = resolveRules(parsed({ defaults: { swap: { warn: 5, critical: 60 } } }), { id: 'h', tags: [] })
      .rules.swap;
    // The 10-point gap would put the clear level at 0: it keeps the ratio 40/50 instead.
    expect(r).toMatchObject({ warn: 5, clearWarn: 4, critical: 60, clearCritical: 50 });
  });

  it('derives clear levels that can clear from a low override (warn 3 / critical 5 on CPU)', () => {
    const config = parsed({ hosts: { 'db-1': { cpu: { warn: 3, critical: 5 } } } });
    const cpu = resolveRules(config, { id: 'db-1', tags: [] }).rules.cpu;
    expect(cpu).toMatchObject({ warn: 3, clearWarn: 2.82, critical: 5, clearCritical: 4.74 });
    expect(checkHostRules(config, { id: 'db-1', tags: [] })).toEqual([]);
  });

  it('refuses a clear level that could never be passed, naming the field', () => {
    expect(issues({ hosts: { h: { cpu: { warn: 3, clearWarn: 0, critical: 5 } } } })).toEqual([
      'rules.hosts.h.cpu.clearWarn: must be above 0, or the alert could never clear',
    ]);
    expect(issues({ defaults: { netErrors: { clearCritical: 0 } } })).toEqual([
      'rules.defaults.netErrors.clearCritical: must be above 0, or the alert could never clear',
    ]);
  });

  it('rejects percentages over 100 and says how to turn a rule off', () => {
    expect(issues({ defaults: { disk: { warn: 101, critical: 120 } } })).toEqual([
      'rules.defaults.disk.warn: must be ≤ 100 (it is a percentage); to stop this rule set enabled: false',
      'rules.defaults.disk.critical: must be ≤ 100 (it is a percentage); to stop this rule set enabled: false',
    ]);
    expect(issues({ defaults: { load: { warn: 101, critical: 120, clearCritical: 100 } } })).toEqual([]);
  });

  it('names bad types, negatives and unknown fields by path', () => {
    const got = issues({
      defaults: { cpu: { forMs: '2m' }, swap: { warn: -1 } },
      hosts: { h: { disk: { warning: 90 } }, g: { staleAfterIntervals: 0 } },
    });
    expect(got.map((i) => i.split(':')[0])).toEqual([
      'rules.defaults.cpu.forMs',
      'rules.defaults.swap.warn',
      'rules.hosts.h.disk',
      'rules.hosts.g.staleAfterIntervals',
    ]);
    expect(got[2]).toMatch(/warning/);
  });

  it('rejects a signal it does not know', () => {
    expect(issues({ defaults: { temperature: { warn: 90 } } })[0]).toMatch(/^rules\.defaults: .*temperature/);
  });

  it('takes inode, disk busy and network error rules; only the first two are percentages', () => {
    const config = parsed({
      tags: { nvme: { diskBusy: { warn: 98, critical: 100 } } },
      hosts: { h: { inodes: { warn: 70 }, netErrors: { warn: 50, critical: 500 } } },
    });
    const h = resolveRules(config, { id: 'h', tags: ['nvme'] }).rules;
    expect(h.inodes).toMatchObject({ warn: 70, clearWarn: 67, critical: 95 });
    expect(h.diskBusy).toMatchObject({ warn: 98, critical: 100, forMs: 5 * 60_000 });
    expect(h.netErrors).toMatchObject({ warn: 50, clearWarn: 49.5, critical: 500, clearCritical: 495 });
    expect(
      issues({ defaults: { inodes: { critical: 101 }, diskBusy: { warn: 120, critical: 130 } } }),
    ).toEqual([
      'rules.defaults.inodes.critical: must be ≤ 100 (it is a percentage); to stop this rule set enabled: false',
      'rules.defaults.diskBusy.warn: must be ≤ 100 (it is a percentage); to stop this rule set enabled: false',
      'rules.defaults.diskBusy.critical: must be ≤ 100 (it is a percentage); to stop this rule set enabled: false',
    ]);
  });
});

describe('checkHostRules', () => {
  it('finds a tag and host combination that is odd although each layer alone is fine', () => {
    const config = parsed({
      tags: { big: { cpu: { warn: 50, critical: 60, clearCritical: 55 } } },
      hosts: { h: { cpu: { warn: 70 } } },
    });
    expect(checkHostRules(config, { id: 'h', tags: ['big'] })).toEqual([
      { path: 'rules.hosts.h.cpu.warn', message: 'must be ≤ critical (60)' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, emptyRulesConfig, type RulesConfig } from '../../../shared/alerts';
import { fieldErrorsFromIssues } from './fieldErrors';
import {
  countSet,
  effectiveRule,
  fromRulesDraft,
  layerPath,
  rulesBelow,
  toRulesDraft,
  type RulesDraft,
} from './rulesDraft';

const CONFIG: RulesConfig = {
  defaults: { memory: { warn: 80 }, staleAfterIntervals: 5 },
  tags: { 'web tier': { cpu: { enabled: false } } },
  hosts: { 'db.1': { disk: { critical: 90, forMs: 90_000 }, memory: { forMs: 0 } } },
};

describe('rules draft', () => {
  it('round-trips a config, saving only the fields that were set', () => {
    expect(fromRulesDraft(toRulesDraft(CONFIG))).toEqual({ config: CONFIG, errors: {} });
    expect(fromRulesDraft(toRulesDraft(emptyRulesConfig()))).toEqual({
      config: emptyRulesConfig(),
      errors: {},
    });
  });

  it('shows `for` in whole minutes where it can, otherwise in seconds, and stores milliseconds', () => {
    const d = toRulesDraft(CONFIG);
    const host = d.overrides[1];
    expect(host?.layer.rules.disk).toMatchObject({ forValue: '90', forUnit: 's' });
    expect(d.defaults.rules.cpu).toMatchObject({ forValue: '', forUnit: 'min' });
    d.defaults.rules.cpu.forValue = '1.5';
    expect(fromRulesDraft(d).config.defaults.cpu).toEqual({ forMs: 90_000 });
  });

  it('names the field of text that is not a number, and a stale count that is not whole', () => {
    const d = toRulesDraft(CONFIG);
    d.defaults.rules.memory.critical = '9o';
    d.defaults.rules.load.warn = '-1';
    d.defaults.stale = '2.5';
    const host = d.overrides[1];
    if (host) host.layer.rules.disk.forValue = 'soon';
    const { errors } = fromRulesDraft(d);
    expect(Object.keys(errors).sort()).toEqual([
      'rules.defaults.load.warn',
      'rules.defaults.memory.critical',
      'rules.defaults.staleAfterIntervals',
      'rules.hosts.db.1.disk.forMs',
    ]);
    expect(errors['rules.defaults.memory.critical']).toMatch(/enter a number/);
    // The ranges are the contract's, in the unit the form shows.
    expect(errors['rules.defaults.load.warn']).toBe('enter at least 0');
    expect(errors['rules.defaults.staleAfterIntervals']).toBe('enter a whole number of polls');
    d.defaults.rules.cpu.forValue = '25';
    d.defaults.rules.cpu.forUnit = 'min';
    d.defaults.rules.iowait.forValue = '1441';
    d.defaults.rules.iowait.forUnit = 'min';
    d.defaults.stale = '0';
    const more = fromRulesDraft(d).errors;
    expect(more['rules.defaults.cpu.forMs']).toBeUndefined();
    expect(more['rules.defaults.iowait.forMs']).toBe('enter at most 1440 minutes');
    expect(more['rules.defaults.staleAfterIntervals']).toBe('enter at least 1 polls');
  });

  it('fills placeholders the way the engine resolves the layers, clear levels keeping their gap', () => {
    const d: RulesDraft = toRulesDraft(CONFIG);
    const tag = d.overrides[0] ?? null;
    const host = d.overrides[1] ?? null;
    expect(rulesBelow(d, null, []).rules.memory).toEqual(DEFAULT_RULES.rules.memory);
    // Defaults moved memory warn to 80: clear warn follows, 5 points under it.
    expect(rulesBelow(d, tag, []).rules.memory).toMatchObject({ warn: 80, clearWarn: 75 });
    expect(rulesBelow(d, host, ['web tier']).rules.cpu.enabled).toBe(false);
    expect(rulesBelow(d, host, []).rules.cpu.enabled).toBe(true);
    const below = DEFAULT_RULES.rules.cpu;
    expect(effectiveRule(below, { ...d.defaults.rules.cpu, warn: '70' })).toMatchObject({
      warn: 70,
      clearWarn: 65,
    });
  });

  it('counts what a layer sets and names layers as the engine does', () => {
    const d = toRulesDraft(CONFIG);
    expect(countSet(d.defaults)).toBe(2);
    expect(d.overrides[1] && countSet(d.overrides[1].layer)).toBe(3);
    expect(layerPath(null)).toBe('rules.defaults');
    expect(layerPath({ scope: 'tag', name: 'web tier' })).toBe('rules.tags.web tier');
  });
});

describe('fieldErrorsFromIssues', () => {
  const paths = [
    'rules.defaults.memory.warn',
    'rules.hosts.db.1.cpu.warn',
    'rules.hosts.db.1.cpu.critical',
    'rules.tags.web tier.disk.warn',
    'notify.webhookUrl',
  ];

  it('maps each issue of an engine refusal to its field, even with dots and spaces in names', () => {
    const issues = [
      { path: ['rules', 'hosts', 'db.1', 'cpu', 'warn'], message: 'must be ≤ critical (50)' },
      {
        path: ['rules', 'tags', 'web tier', 'disk', 'warn'],
        message: 'must be ≤ 100 (it is a percentage); to stop this rule set enabled: false',
      },
      { path: ['rules', 'hosts', 'other', 'cpu', 'warn'], message: 'must be ≤ critical (10)' },
    ];
    expect(fieldErrorsFromIssues(issues, paths)).toEqual({
      'rules.hosts.db.1.cpu.warn': 'must be ≤ critical (50)',
      'rules.tags.web tier.disk.warn':
        'must be ≤ 100 (it is a percentage); to stop this rule set enabled: false',
    });
  });

  it('reads the transport’s shape errors too', () => {
    const issues = [
      { path: ['notify', 'webhookUrl'], message: 'Invalid URL' },
      { path: ['rules', 'defaults', 'memory', 'warn'], message: 'Too small: expected number to be >=0' },
    ];
    expect(fieldErrorsFromIssues(issues, paths)).toEqual({
      'notify.webhookUrl': 'Invalid URL',
      'rules.defaults.memory.warn': 'Too small: expected number to be >=0',
    });
    expect(
      fieldErrorsFromIssues(
        [{ path: ['retentionDays'], message: 'Each coarser tier must be kept longer' }],
        paths,
      ),
    ).toEqual({});
  });
});

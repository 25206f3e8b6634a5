import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/incidents';
import { DEFAULT_SETTINGS } from '../../../shared/schemas';
import { SettingsFormSchema, settingsChanges, toSettingsDraft, type SettingsDraft } from './settingsForm';
import { formRefusalSummary } from './settingsRefusal';

const policy = { definition: 'd', updateEveryMin: 30, webhook: true };
const PLAN: Plan = {
  team: [{ name: 'Ada', contact: '@ada' }],
  roles: [{ id: 'commander', name: 'Incident Commander', description: '' }],
  severities: { SEV1: policy, SEV2: policy, SEV3: policy, SEV4: { ...policy, webhook: false } },
};

const draft = (): SettingsDraft => toSettingsDraft(DEFAULT_SETTINGS, PLAN);

/** The schema's refusal as the form holds it: a message per settings path, in order. */
function refusal(d: SettingsDraft): Record<string, string> {
  const r = SettingsFormSchema.safeParse(d);
  expect(r.success).toBe(false);
  return Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('SettingsFormSchema', () => {
  it('hands on each section as the API takes it, and nothing changed sends nothing', () => {
    const r = SettingsFormSchema.safeParse(draft());
    expect(r.success).toBe(true);
    expect(settingsChanges(r.data!, DEFAULT_SETTINGS, PLAN)).toEqual({ patch: {}, plan: null });
  });

  it('sends only the sections that changed', () => {
    const d = draft();
    d.general.intervalS = '5';
    d.plan.severities.SEV1.updateEveryMin = '10';
    const r = SettingsFormSchema.parse(d);
    const { patch, plan } = settingsChanges(r, DEFAULT_SETTINGS, PLAN);
    expect(patch).toEqual({ localIntervalMs: 5000, retentionDays: DEFAULT_SETTINGS.retentionDays });
    expect(plan?.severities.SEV1.updateEveryMin).toBe(10);
  });

  it('checks the General tab first, then the plan, then the rest together', () => {
    const d = draft();
    d.general.raw = '';
    d.plan.roles[0]!.name = ' ';
    d.notify.minGapMinutes = 'x';
    expect(refusal(d)).toEqual({ 'retentionDays.raw': 'Enter a number for how long to keep raw polls.' });
    d.general.raw = '2';
    expect(Object.keys(refusal(d))).toEqual(['plan.roles.0.name']);
    d.plan.roles[0]!.name = 'IC';
    d.rules.defaults.rules.cpu.warn = 'lots';
    expect(Object.keys(refusal(d))).toEqual(['rules.defaults.cpu.warn', 'notify.minGapMinutes']);
  });

  it('sets a parent’s issue before its fields’', () => {
    const d = draft();
    d.plan.roles = [{ id: 'scribe', name: '', description: '' }];
    const paths = Object.keys(refusal(d));
    expect(paths.indexOf('plan.roles')).toBeLessThan(paths.indexOf('plan.roles.0.name'));
  });
});

describe('formRefusalSummary', () => {
  it('words the refusal by the tab it is about', () => {
    expect(formRefusalSummary({ 'retentionDays.raw': 'Enter a number.' })).toBe('Enter a number.');
    expect(formRefusalSummary({ 'plan.roles': 'keep the commander' })).toBe(
      'Incident plan: keep the commander',
    );
    expect(formRefusalSummary({ 'notify.webhookUrl': 'http(s) only' })).toBe(
      'Not saved: notify.webhookUrl: http(s) only. Fix that field and save again.',
    );
    expect(formRefusalSummary({ 'rules.defaults.cpu.warn': 'a', 'notify.minGapMinutes': 'b' })).toBe(
      'Not saved: rules.defaults.cpu.warn: a; notify.minGapMinutes: b. Fix those fields and save again.',
    );
  });
});

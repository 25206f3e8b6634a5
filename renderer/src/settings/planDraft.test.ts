import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/incidents';
import { parseAtPaths } from '../ui/formSchema';
import { fromPlanDraft, PlanFormSchema, roleIdFor, toPlanDraft } from './planDraft';

const policy = { definition: 'd', updateEveryMin: 30, webhook: true };
const PLAN: Plan = {
  team: [{ name: 'Ada', contact: '@ada' }],
  roles: [{ id: 'commander', name: 'Incident Commander', description: '' }],
  severities: { SEV1: policy, SEV2: policy, SEV3: policy, SEV4: { ...policy, webhook: false } },
};

describe('plan draft', () => {
  it('round-trips a plan and drops empty team rows', () => {
    const d = toPlanDraft(PLAN);
    d.team.push({ name: ' ', contact: '' });
    expect(fromPlanDraft(d)).toEqual({ plan: PLAN });
  });

  it('says what to fix', () => {
    const d = toPlanDraft(PLAN);
    d.severities.SEV2.updateEveryMin = 'soon';
    expect(fromPlanDraft(d)).toEqual({ error: expect.stringContaining('SEV2 update cadence') as unknown });
    const e = toPlanDraft(PLAN);
    e.roles = [];
    expect(fromPlanDraft(e)).toEqual({
      error: expect.stringContaining('Commander role must stay') as unknown,
    });
    const f = toPlanDraft(PLAN);
    f.team.push({ name: '', contact: '555-0100' });
    expect(fromPlanDraft(f)).toEqual({ error: expect.stringContaining('needs a name') as unknown });
  });

  it('makes unique role ids from names', () => {
    expect(roleIdFor('On-call DBA', [])).toBe('on-call-dba');
    expect(roleIdFor('Scribe', ['scribe'])).toBe('scribe-2');
    expect(roleIdFor('!!!', [])).toBe('role');
  });
});

describe('PlanFormSchema', () => {
  const errorsOf = (d: ReturnType<typeof toPlanDraft>) => {
    const r = parseAtPaths(PlanFormSchema, d, 'plan');
    return r.ok ? {} : r.errors;
  };

  it('puts each problem at its field, team rows counted as on screen', () => {
    const d = toPlanDraft(PLAN);
    d.team.unshift({ name: '', contact: '' });
    d.team.push({ name: '', contact: '555-0100' });
    d.severities.SEV2.updateEveryMin = 'soon';
    d.severities.SEV3.updateEveryMin = '20000';
    d.severities.SEV4.updateEveryMin = '1.5';
    expect(errorsOf(d)).toEqual({
      'plan.team.2.name': 'every team member needs a name (or clear the row)',
      'plan.severities.SEV2.updateEveryMin': 'SEV2 update cadence: enter whole minutes',
      'plan.severities.SEV3.updateEveryMin': 'SEV3 update cadence: enter at most 10080 minutes',
      'plan.severities.SEV4.updateEveryMin': 'SEV4 update cadence: enter a whole number of minutes',
    });
  });

  it('keeps the commander role and names every role', () => {
    const d = toPlanDraft(PLAN);
    d.roles = [{ id: 'scribe', name: ' ', description: '' }];
    expect(errorsOf(d)).toMatchObject({
      'plan.roles': expect.stringContaining('Commander role must stay') as unknown,
      'plan.roles.0.name': 'every role needs a name',
    });
  });
});

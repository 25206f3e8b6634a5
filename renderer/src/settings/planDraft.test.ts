import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/incidents';
import { fromPlanDraft, roleIdFor, toPlanDraft } from './planDraft';

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

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/schemas';
import { parseAtPaths } from '../ui/formSchema';
import { GeneralFormSchema, MAX_INTERVAL_S, MIN_INTERVAL_S, toGeneralDraft } from './generalDraft';

const draft = toGeneralDraft(DEFAULT_SETTINGS);
const check = (over: Partial<typeof draft>) => parseAtPaths(GeneralFormSchema, { ...draft, ...over }, '');

describe('GeneralFormSchema', () => {
  it('turns seconds and days into the settings', () => {
    expect(check({ intervalS: '0.5', raw: '1.5' })).toEqual({
      ok: true,
      data: { localIntervalMs: 500, retentionDays: { ...DEFAULT_SETTINGS.retentionDays, raw: 1.5 } },
    });
  });

  it('asks for a number where there is none, at its field', () => {
    expect(check({ raw: '' })).toEqual({
      ok: false,
      errors: { 'retentionDays.raw': 'Enter a number for how long to keep raw polls.' },
    });
    expect(check({ intervalS: 'x' })).toEqual({
      ok: false,
      errors: { localIntervalMs: 'Enter a number for the poll interval.' },
    });
  });

  it('takes the interval’s range and the tiers’ order from the contract', () => {
    expect([MIN_INTERVAL_S, MAX_INTERVAL_S]).toEqual([0.25, 3600]);
    expect(check({ intervalS: '0.1' })).toEqual({
      ok: false,
      errors: { localIntervalMs: 'Enter at least 0.25 seconds' },
    });
    expect(check({ raw: '30' })).toEqual({
      ok: false,
      errors: {
        retentionDays:
          'Each coarser tier must be kept at least as long as the finer one (raw ≤ 1m ≤ 15m ≤ 1h)',
      },
    });
  });
});

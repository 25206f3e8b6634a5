import { describe, expect, it } from 'vitest';
import { newTrack, resetPending, stepTrack } from './signalState';
import type { Rule } from './ruleTypes';

const rule: Rule = { enabled: true, warn: 90, clearWarn: 85, critical: 95, clearCritical: 90, forMs: 100 };

/** Feeds values one time unit apart from t = 0 and lists the steps with their times. */
function run(values: number[], r: Rule = rule): string[] {
  const t = newTrack(0, values[0] ?? 0);
  return values.flatMap((v, at) => {
    const s = stepTrack(t, v, at * 50, r);
    return s ? [`${at * 50}: ${s.from}→${s.to} @${s.threshold}`] : [];
  });
}

describe('stepTrack', () => {
  it('rises when the condition has held forMs, counted from the first sample showing it', () => {
    expect(run([96, 96, 96])).toEqual(['100: ok→critical @95']);
  });

  it('jumps straight from critical to ok when the value falls under both clear levels', () => {
    expect(run([96, 96, 96, 10, 10, 10])).toEqual(['100: ok→critical @95', '250: critical→ok @85']);
  });

  it('restarts the wait when one sample agrees with the current state again', () => {
    expect(run([96, 96, 50, 96, 96, 96])).toEqual(['250: ok→critical @95']);
  });

  it('forgets pending changes on resetPending', () => {
    const t = newTrack(0, 96);
    stepTrack(t, 96, 0, rule);
    resetPending(t);
    expect(stepTrack(t, 96, 100, rule)).toBeNull();
    expect(stepTrack(t, 96, 200, rule)).toEqual({ from: 'ok', to: 'critical', threshold: 95 });
    expect(t).toMatchObject({ level: 'critical', since: 200, value: 96 });
  });
});

import { describe, expect, it } from 'vitest';
import { buildAlertMessage, formatDuration } from './slackMessage';

const at = Date.UTC(2026, 10, 28, 14, 5);

describe('buildAlertMessage', () => {
  it('names the state in words beside the emoji', () => {
    const amber = buildAlertMessage({
      hostName: 'web-2',
      from: 'green',
      to: 'amber',
      reason: 'disk 85%',
      at,
    });
    expect(amber.text).toBe('🟠 web-2 is amber: disk 85% (since 14:05 UTC)');
    const grey = buildAlertMessage({
      hostName: 'web-2',
      from: 'green',
      to: 'grey',
      reason: 'no sample for 3 min',
      at,
    });
    expect(grey.text).toBe('⚪ web-2 is grey (no data): no sample for 3 min (since 14:05 UTC)');
  });

  it('says how long the trouble lasted on recovery, and copes without it', () => {
    const back = { hostName: 'db-1', from: 'grey', to: 'green', reason: '', at } as const;
    expect(buildAlertMessage({ ...back, fromSince: at - 90 * 60_000 }).text).toBe(
      '✅ db-1 is reporting again and green (was grey for 1 h 30 min)',
    );
    expect(buildAlertMessage({ ...back, from: 'amber' }).text).toBe('✅ db-1 recovered (was amber)');
  });

  it('escapes Slack control characters and puts the value in the layout', () => {
    const m = buildAlertMessage({
      hostName: 'a<b>&c',
      from: 'green',
      to: 'red',
      reason: 'x < y',
      at,
      value: 97.5,
    });
    expect(m.text).toBe('🔴 a&lt;b&gt;&amp;c is red: x &lt; y (since 14:05 UTC)');
    expect(JSON.stringify(m.blocks)).toContain('Value: 97.5');
    expect(JSON.stringify(m.blocks)).toContain('2026-11-28 14:05 UTC');
  });

  it('formats durations for a phone screen', () => {
    expect([45_000, 12 * 60_000, 60 * 60_000, 27 * 3_600_000].map(formatDuration)).toEqual([
      '45 s',
      '12 min',
      '1 h',
      '1 d 3 h',
    ]);
  });
});

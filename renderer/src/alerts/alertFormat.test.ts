import { describe, expect, it } from 'vitest';
import { formatAlertValue, formatSpan, formatWhen } from './alertFormat';

describe('formatWhen', () => {
  const now = new Date(2026, 2, 10, 15, 0, 0).getTime();

  it('shows the time alone today, the day this year, the full date before', () => {
    expect(formatWhen(new Date(2026, 2, 10, 9, 5, 7).getTime(), now)).toBe('09:05:07');
    expect(formatWhen(new Date(2026, 2, 3, 14, 5).getTime(), now)).toBe('3 Mar 14:05:00');
    expect(formatWhen(new Date(2025, 11, 31, 23, 59).getTime(), now)).toBe('31 Dec 2025 23:59:00');
    expect(formatWhen(new Date(2026, 2, 3, 14, 5).getTime(), now, false)).toBe('3 Mar 14:05');
  });
});

describe('formatAlertValue', () => {
  it('puts each kind in its unit', () => {
    expect(formatAlertValue('memory', 93.4)).toBe('93%');
    expect(formatAlertValue('disk', 4.5)).toBe('5%');
    expect(formatAlertValue('load', 2.4149)).toBe('2.41');
    expect(formatAlertValue('load', 3)).toBe('3');
    expect(formatAlertValue('load', 1.5)).toBe('1.5');
    expect(formatAlertValue('pollLatency', 812.6)).toBe('813 ms');
    expect(formatAlertValue('inodes', 85.6)).toBe('86%');
    expect(formatAlertValue('diskBusy', 97.2)).toBe('97%');
    expect(formatAlertValue('netErrors', 0.5)).toBe('0.5/s');
    expect(formatAlertValue('host', null)).toBe('—');
  });
});

describe('formatSpan', () => {
  it('rounds to what a person would say', () => {
    expect(formatSpan(45_000)).toBe('45 s');
    expect(formatSpan(12 * 60_000 + 10_000)).toBe('12 min');
    expect(formatSpan(3 * 3_600_000 + 20 * 60_000)).toBe('3 h 20 min');
    expect(formatSpan(4 * 3_600_000)).toBe('4 h');
    expect(formatSpan(50 * 3_600_000)).toBe('2 d 2 h');
    expect(formatSpan(-5)).toBe('0 s');
  });
});

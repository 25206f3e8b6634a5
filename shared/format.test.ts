import { describe, expect, it } from 'vitest';
import { formatDay, formatTime } from './format';

describe('formatTime: one way to write a moment', () => {
  const now = new Date(2026, 11, 7, 15, 0, 0).getTime();
  it('is 24-hour, with the date only when it is not today and the year only when not this year', () => {
    expect(formatTime(new Date(2026, 11, 7, 13, 27, 12).getTime(), { now })).toBe('13:27:12');
    expect(formatTime(new Date(2026, 11, 6, 1, 2, 3).getTime(), { now })).toBe('6 Dec 01:02:03');
    expect(formatTime(new Date(2025, 0, 31, 23, 59, 0).getTime(), { now })).toBe('31 Jan 2025 23:59:00');
    expect(formatTime(new Date(2026, 11, 6, 1, 2, 3).getTime(), { now, seconds: false })).toBe('6 Dec 01:02');
    expect(formatTime(new Date(2026, 11, 7, 13, 27, 12).getTime(), { now, fullDate: true })).toBe(
      '7 Dec 2026 13:27:12',
    );
    expect(formatDay(new Date(2026, 10, 28).getTime())).toBe('28 Nov 2026');
  });
});

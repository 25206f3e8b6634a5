import { describe, expect, it } from 'vitest';
import {
  BINARY_INCRS,
  formatChartValue,
  formatMoment,
  formatTick,
  formatTimeTick,
  formatWithSpread,
  TIME_INCRS,
} from './chartUnits';

describe('formatChartValue', () => {
  it('gives each unit its suffix and a sensible precision', () => {
    expect(formatChartValue('pct', 12.345)).toBe('12.3%');
    expect(formatChartValue('bytesPerSec', 512)).toBe('512 B/s');
    expect(formatChartValue('bytesPerSec', 1536)).toBe('1.50 KiB/s');
    expect(formatChartValue('bytesPerSec', 25 * 1024 * 1024)).toBe('25.0 MiB/s');
    expect(formatChartValue('bytesPerSec', 300 * 1024 ** 3)).toBe('300 GiB/s');
    expect(formatChartValue('ms', 3.21)).toBe('3.2 ms');
    expect(formatChartValue('ms', 1250)).toBe('1250 ms');
    expect(formatChartValue('perCore', 0.4)).toBe('0.40');
    expect(formatChartValue('perSec', 0.5)).toBe('0.5/s');
    expect(formatChartValue('perSec', 0.123)).toBe('0.12/s');
    expect(formatChartValue('perSec', 42.7)).toBe('43/s');
  });

  it('gives counts and amounts of bytes their own form', () => {
    expect(formatChartValue('count', 12)).toBe('12');
    expect(formatChartValue('count', 2.5)).toBe('2.5');
    expect(formatChartValue('bytes', 512)).toBe('512 B');
    expect(formatChartValue('bytes', 3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatTick('bytes', 1024)).toBe('1 KiB');
    expect(formatTick('count', 40)).toBe('40');
  });

  it('shows a dash for a missing value', () => {
    expect(formatChartValue('pct', null)).toBe('—');
    expect(formatChartValue('ms', Number.NaN)).toBe('—');
  });
});

describe('formatWithSpread', () => {
  it('adds the bucket min and max when they differ from each other', () => {
    expect(formatWithSpread('pct', 12.3, 5, 20.1)).toBe('12.3% (5.0% – 20.1%)');
  });

  it('leaves a single poll, or a missing envelope, as the value alone', () => {
    expect(formatWithSpread('pct', 12.3, 12.3, 12.3)).toBe('12.3%');
    expect(formatWithSpread('ms', 4, null, null)).toBe('4.0 ms');
    expect(formatWithSpread('ms', null, 1, 2)).toBe('—');
  });
});

describe('formatTick', () => {
  it('keeps ticks short', () => {
    expect(formatTick('pct', 50)).toBe('50%');
    expect(formatTick('bytesPerSec', 256 * 1024)).toBe('256 KiB/s');
    expect(formatTick('bytesPerSec', 1024 * 1024)).toBe('1 MiB/s');
    expect(formatTick('ms', 250)).toBe('250 ms');
    expect(formatTick('ms', 1500)).toBe('1.5 s');
    expect(formatTick('perCore', 0.25)).toBe('0.25');
    expect(formatTick('perSec', 0.5)).toBe('0.5/s');
  });
});

describe('BINARY_INCRS', () => {
  it('steps through powers of two up to TiB/s, ascending', () => {
    expect(BINARY_INCRS.slice(0, 4)).toEqual([1, 2, 4, 8]);
    expect(BINARY_INCRS).toContain(1024 * 1024);
    expect([...BINARY_INCRS].sort((a, b) => a - b)).toEqual(BINARY_INCRS);
  });
});

describe('formatTimeTick', () => {
  const at = (h: number, m: number, s = 0): number => new Date(2026, 10, 28, h, m, s).getTime() / 1000;

  it('uses the 24-hour clock, with seconds only when ticks are seconds apart', () => {
    expect(formatTimeTick(at(14, 5), 600)).toBe('14:05');
    expect(formatTimeTick(at(14, 5, 30), 10)).toBe('14:05:30');
  });

  it('names the day at midnight and when ticks are days apart', () => {
    expect(formatTimeTick(at(0, 0), 3 * 3600)).toBe('28 Nov');
    expect(formatTimeTick(at(14, 0), 86_400)).toBe('28 Nov');
  });
});

describe('formatMoment', () => {
  it('gives day and time to the second', () => {
    expect(formatMoment(new Date(2026, 10, 28, 9, 5, 7).getTime() / 1000)).toBe('28 Nov 09:05:07');
  });
});

describe('TIME_INCRS', () => {
  it('starts at a second and ascends', () => {
    expect(TIME_INCRS[0]).toBe(1);
    expect([...TIME_INCRS].sort((a, b) => a - b)).toEqual(TIME_INCRS);
  });
});

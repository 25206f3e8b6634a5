import { describe, expect, it } from 'vitest';
import { exportRange } from './exportRange';

const END = Date.UTC(2026, 10, 28, 14, 0, 0);

describe('exportRange', () => {
  it('counts the preset ranges back from the given end', () => {
    expect(exportRange('24h', END)).toEqual({ from: END - 24 * 3_600_000 });
    expect(exportRange('7d', END)).toEqual({ from: END - 7 * 24 * 3_600_000 });
    expect(exportRange('all', END)).toEqual({});
  });

  it('reads a custom range as local time, open at either end', () => {
    const from = new Date('2026-11-01T08:30').getTime();
    const to = new Date('2026-11-02T08:30').getTime();
    expect(exportRange('custom', END, { from: '2026-11-01T08:30', to: '2026-11-02T08:30' })).toEqual({
      from,
      to,
    });
    expect(exportRange('custom', END, { from: '2026-11-01T08:30', to: '' })).toEqual({ from });
    expect(exportRange('custom', END, { from: '', to: '2026-11-02T08:30' })).toEqual({ to });
  });

  it('says what is wrong with a custom range it cannot use', () => {
    expect(exportRange('custom', END)).toEqual({ error: 'Give a start, an end, or both.' });
    expect(exportRange('custom', END, { from: '2026-11-02T00:00', to: '2026-11-01T00:00' })).toEqual({
      error: 'The start must not be after the end.',
    });
    expect(exportRange('custom', END, { from: 'soon', to: '' })).toEqual({
      error: 'That is not a date and time.',
    });
  });
});

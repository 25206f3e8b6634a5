import { describe, expect, it } from 'vitest';
import { declareTitle, diagnosticOutput, formatSpan, formatWhen, updateNotSent } from './incidentFormat';

describe('incident formatting', () => {
  it('says spans in the units that matter', () => {
    expect(formatSpan(null)).toBe('—');
    expect(formatSpan(45_000)).toBe('45 s');
    expect(formatSpan(12 * 60_000)).toBe('12 min');
    expect(formatSpan(185 * 60_000)).toBe('3 h 5 min');
    expect(formatSpan(52 * 3_600_000)).toBe('2 d 4 h');
  });

  it('says times of today with seconds, other days with the date', () => {
    const ts = new Date(2026, 10, 28, 9, 5, 7).getTime();
    expect(formatWhen(ts, ts + 60_000)).toBe('09:05:07');
    expect(formatWhen(ts, ts + 3 * 86_400_000)).toBe('28 Nov 09:05:07');
  });

  it('titles a declaration with the host and its worst reason', () => {
    expect(declareTitle('db-1', ['disk / 97% ≥ 95%', 'cpu 90%'])).toBe('db-1: disk / 97% ≥ 95%');
    expect(declareTitle('db-1', [])).toBe('db-1: incident');
  });

  it('reads diagnostic output and delivery notes from entry data', () => {
    expect(diagnosticOutput(undefined)).toBeNull();
    expect(diagnosticOutput({ stdout: 'PID CMD\n1 init', stderr: '' })).toBe('PID CMD\n1 init');
    expect(diagnosticOutput({ stdout: '', stderr: 'denied' })).toBe('denied');
    expect(updateNotSent({ notSent: 'no webhook is set' })).toBe('no webhook is set');
    expect(updateNotSent({ deliveryId: 3 })).toBeNull();
  });
});

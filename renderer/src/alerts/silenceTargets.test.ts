import { describe, expect, it } from 'vitest';
import {
  describeTarget,
  describeWindowTime,
  formRefusal,
  fromLocalInput,
  nextQuarterHour,
  toLocalInput,
  windowActive,
} from './silenceTargets';

const HOUR = 3_600_000;
const name = (id: string): string => (id === 'w1' ? 'web-1' : id);

describe('describeTarget', () => {
  it('names hosts by their name and says when a signal covers every host', () => {
    expect(describeTarget({ kind: 'host', hostId: 'w1' }, name)).toBe('host web-1');
    expect(describeTarget({ kind: 'tag', tag: 'db' }, name)).toBe('tag #db');
    expect(describeTarget({ kind: 'signal', signal: 'disk:/var', hostId: 'w1' }, name)).toBe(
      'disk:/var on web-1',
    );
    expect(describeTarget({ kind: 'signal', signal: 'cpu' }, name)).toBe('cpu on every host');
  });

  it('names a probe by its name, or its id when it is gone', () => {
    const probe = (id: string): string => (id === 'shop' ? 'Shop' : id);
    expect(describeTarget({ kind: 'probe', probeId: 'shop' }, name, probe)).toBe('probe Shop');
    expect(describeTarget({ kind: 'probe', probeId: 'gone' }, name, probe)).toBe('probe gone');
  });
});

describe('windowActive', () => {
  const from = new Date(2026, 2, 3, 2, 0).getTime();
  const once = { from, to: from + HOUR, daily: false };
  const daily = { ...once, daily: true };

  it('holds a one-off window between its ends only', () => {
    expect(windowActive(once, from - 1)).toBe(false);
    expect(windowActive(once, from)).toBe(true);
    expect(windowActive(once, from + HOUR)).toBe(false);
  });

  it('repeats a daily window every 24 h from its start', () => {
    expect(windowActive(daily, from - 1)).toBe(false);
    expect(windowActive(daily, from + 24 * HOUR + 30 * 60_000)).toBe(true);
    expect(windowActive(daily, from + 26 * HOUR)).toBe(false);
  });
});

describe('describeWindowTime', () => {
  const now = new Date(2026, 2, 10, 12, 0).getTime();
  it('says when a window runs', () => {
    const from = new Date(2026, 2, 3, 14, 0).getTime();
    expect(describeWindowTime({ from, to: from + 2 * HOUR, daily: false }, now)).toBe('3 Mar 14:00 – 16:00');
    expect(describeWindowTime({ from, to: from + 24 * HOUR, daily: false }, now)).toBe(
      '3 Mar 14:00 – 4 Mar 14:00',
    );
    expect(describeWindowTime({ from, to: from + HOUR, daily: true }, now)).toBe(
      'daily 14:00 – 15:00 from 3 Mar',
    );
  });
});

describe('datetime-local values', () => {
  it('round-trip in local time, to the minute', () => {
    const ts = new Date(2026, 10, 1, 8, 30).getTime();
    expect(toLocalInput(ts)).toBe('2026-11-01T08:30');
    expect(fromLocalInput('2026-11-01T08:30')).toBe(ts);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('nonsense')).toBeNull();
  });

  it('starts planned work at the next quarter hour', () => {
    expect(nextQuarterHour(new Date(2026, 2, 3, 14, 7, 30).getTime())).toBe(
      new Date(2026, 2, 3, 14, 15).getTime(),
    );
    expect(nextQuarterHour(new Date(2026, 2, 3, 14, 45).getTime())).toBe(
      new Date(2026, 2, 3, 15, 0).getTime(),
    );
  });
});

describe('formRefusal', () => {
  it('shows a validation refusal by its issues and leaves others alone', () => {
    expect(
      formRefusal('Invalid input for silences:add: why: say why, so the next person knows', [
        { path: ['why'], message: 'say why, so the next person knows' },
      ]),
    ).toBe('Why: say why, so the next person knows');
    expect(formRefusal('No webhook URL is set.')).toBe('No webhook URL is set.');
  });
});

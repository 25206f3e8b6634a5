import type { MaintenanceWindow, Silence } from '../../../shared/alerts';
import type { ApiIssue } from '../../../shared/schemas';
import { formatDay, formatHourMinute, formatWhen } from './alertFormat';

export type SilenceTarget = Silence['target'];
export type WindowTarget = MaintenanceWindow['target'];

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** The silence lengths offered as one click; anything else is typed in minutes. */
export const DURATION_PRESETS: readonly { minutes: number; label: string }[] = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 1440, label: '1 day' },
];

/** What a silence or window covers, in words: "host web-1", "tag #db", "disk:/var on every host", "probe Shop". */
export function describeTarget(
  target: SilenceTarget,
  hostName: (id: string) => string,
  probeName: (id: string) => string = (id) => id,
): string {
  switch (target.kind) {
    case 'probe':
      return `probe ${probeName(target.probeId)}`;
    case 'host':
      return `host ${hostName(target.hostId)}`;
    case 'tag':
      return `tag #${target.tag}`;
    case 'signal':
      return `${target.signal} on ${target.hostId ? hostName(target.hostId) : 'every host'}`;
  }
}

/** Whether planned work is under way at `now`; a daily window recurs every 24 h from `from`. */
export function windowActive(w: Pick<MaintenanceWindow, 'from' | 'to' | 'daily'>, now: number): boolean {
  if (now < w.from) return false;
  if (!w.daily) return now < w.to;
  return (now - w.from) % DAY < w.to - w.from;
}

/** When a window runs, in words: "3 Mar 14:00 – 16:00" or "daily 02:00 – 03:00 from 3 Mar". */
export function describeWindowTime(w: Pick<MaintenanceWindow, 'from' | 'to' | 'daily'>, now: number): string {
  if (w.daily)
    return `daily ${formatHourMinute(w.from)} – ${formatHourMinute(w.to)} from ${formatDay(w.from, now)}`;
  const sameDay = new Date(w.from).toDateString() === new Date(w.to).toDateString();
  return `${formatWhen(w.from, now, false)} – ${sameDay ? formatHourMinute(w.to) : formatWhen(w.to, now, false)}`;
}

/** A time as an `<input type="datetime-local">` value, in local time to the minute. */
export function toLocalInput(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value read as local time; null when empty or not a time. */
export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const ts = new Date(value).getTime();
  return Number.isNaN(ts) ? null : ts;
}

/** The next quarter hour after `now` on the local clock, where planned work most often starts. */
export function nextQuarterHour(now: number): number {
  const d = new Date(now);
  d.setMinutes(Math.floor(d.getMinutes() / 15) * 15 + 15, 0, 0);
  return d.getTime();
}

/**
 * The engine's refusal of a form, as the person filling it in should read it: "Why: say why, …"
 * from the issue at `why`, rather than "Invalid input for silences:add: why: say why, …". A
 * refusal without issues passes as it is.
 */
export function formRefusal(message: string, issues: readonly ApiIssue[] = []): string {
  if (issues.length === 0) return message;
  return issues
    .map(({ path, message: text }) => {
      const line = path.length ? `${path.join('.')}: ${text}` : text;
      return line.charAt(0).toUpperCase() + line.slice(1);
    })
    .join('; ');
}

/**
 * Builds the JSON body of an incoming-webhook message from a health change. The shape is
 * Slack's (`text` + optional `blocks`); Mattermost and Discord's `/slack` endpoints accept the
 * same body and read `text`, so `text` alone must carry the whole message. `blocks` only adds
 * layout for Slack. See https://api.slack.com/messaging/webhooks and
 * https://api.slack.com/reference/surfaces/formatting#escaping
 */

/** Health states an alert can move between (the rule engine does not alert on 'waiting'). */
export type AlertState = 'green' | 'amber' | 'red' | 'grey';

/** One health change of one host, as the rule engine reports it. */
export interface AlertEvent {
  hostName: string;
  from: AlertState;
  to: AlertState;
  /** Human reason from the rule, e.g. "CPU 97% ≥ 95% for 2 min". */
  reason: string;
  /** When the host entered `to` (ms since epoch). */
  at: number;
  /** When the host entered `from` (ms); lets a recovery say how long the trouble lasted. */
  fromSince?: number;
  /** The value that tripped the rule, shown in the Slack layout only. */
  value?: number;
}

/** A Slack block; kept loose because receivers ignore what they do not know. */
export type SlackBlock = Record<string, unknown>;

/** The body POSTed to the webhook. */
export interface WebhookMessage {
  text: string;
  blocks?: SlackBlock[];
}

// Every state has a word as well as an emoji: colour must never be the only cue.
const EMOJI: Record<AlertState, string> = { green: '✅', amber: '🟠', red: '🔴', grey: '⚪' };

/** Builds the message for one alert event. Pure: same event, same JSON. */
export function buildAlertMessage(event: AlertEvent): WebhookMessage {
  const host = escapeMrkdwn(event.hostName);
  const headline = headlineFor(event, host);
  const when = `${formatUtcDateTime(event.at)} UTC`;
  const context = [`State: *${event.to}* (was ${event.from})`, when];
  if (event.value !== undefined) context.push(`Value: ${formatValue(event.value)}`);
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: headline } },
      { type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) },
    ],
  };
}

function headlineFor(event: AlertEvent, host: string): string {
  const { from, to, at, fromSince } = event;
  const reason = escapeMrkdwn(event.reason.trim());
  if (to === 'green') {
    const lasted = fromSince !== undefined && at >= fromSince ? ` for ${formatDuration(at - fromSince)}` : '';
    const verb = from === 'grey' ? 'is reporting again and green' : 'recovered';
    return `${EMOJI.green} ${host} ${verb} (was ${from}${lasted})`;
  }
  const label = to === 'grey' ? 'grey (no data)' : to;
  const why = reason ? `: ${reason}` : '';
  return `${EMOJI[to]} ${host} is ${label}${why} (since ${formatUtcTime(at)} UTC)`;
}

/** Slack treats &, < and > as control characters in `text`; everything else is literal. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** "45 s", "12 min", "1 h 5 min", "2 d 3 h": short enough for a phone notification. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

function formatUtcTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

function formatUtcDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, '');
}

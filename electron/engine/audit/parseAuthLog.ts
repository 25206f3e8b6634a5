// Failed SSH logins in the last 24 h, from the journal (sshd's own tag) or, where there is no
// readable journal, /var/log/auth.log (Debian), /var/log/secure (RHEL), /var/log/messages
// (Alpine and other syslog setups). The script sends only matching lines, the last
// MAX_LOG_LINES per source; the window is applied here with the host's own clock.
import type { Finding } from '../../../shared/audit';
import { keyValues, type HostFacts, type Sections } from './auditOutput';
import { MAX_LOG_LINES } from './auditScript';
import { deniedReason, fail, notChecked, pass, SPECS } from './findings';

export const DEFAULT_FAILED_LOGIN_THRESHOLD = 10;
const DAY_S = 86_400;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A log line's time in seconds since the epoch: ISO 8601 (journalctl -o short-iso, rsyslog's
 * default on Debian 12) or the classic "Nov 28 07:12:48", which has no year and no zone, so
 * the host's year and UTC offset are assumed (and last year if that lands in the future).
 */
export function logLineTime(line: string, nowS: number, tzOffsetMin: number): number | null {
  const iso = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?\s/.exec(line);
  if (iso) {
    const zone = iso[3] ? iso[3].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2') : offsetText(tzOffsetMin);
    const ms = Date.parse(`${iso[1]}${zone}`);
    return Number.isNaN(ms) ? null : ms / 1000;
  }
  const bsd = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)\s/.exec(line);
  const month = bsd ? MONTHS.indexOf(bsd[1]!) : -1;
  if (!bsd || month < 0) return null;
  const at = (year: number): number =>
    Date.UTC(year, month, Number(bsd[2]), Number(bsd[3]), Number(bsd[4]), Number(bsd[5])) / 1000 -
    tzOffsetMin * 60;
  const year = new Date((nowS + tzOffsetMin * 60) * 1000).getUTCFullYear();
  const t = at(year);
  return t > nowS + DAY_S ? at(year - 1) : t;
}

function offsetText(min: number): string {
  const a = Math.abs(min);
  return `${min < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export interface FailedLogins {
  /** Failed attempts: each "Failed ... for" line, plus each invalid-user connection that has none. */
  attempts: number;
  bySource: Map<string, number>;
  last: string | null;
}

/** Counts the attempts in `lines` that fall in the 24 h before `nowS`. */
export function countFailedLogins(lines: readonly string[], nowS: number, tzOffsetMin: number): FailedLogins {
  const bySource = new Map<string, number>();
  const failedPids = new Set<string>();
  const invalid: { pid: string; from: string }[] = [];
  let attempts = 0;
  let last: string | null = null;
  for (const line of lines) {
    const t = logLineTime(line, nowS, tzOffsetMin);
    if (t === null || t < nowS - DAY_S || t > nowS + 300) continue;
    const pid = /sshd(?:-session)?\[(\d+)\]/.exec(line)?.[1] ?? line;
    const from = /from (\S+)/.exec(line)?.[1] ?? '?';
    last = line;
    if (/Failed [a-z/-]+ for/.test(line)) {
      attempts++;
      failedPids.add(pid);
      bySource.set(from, (bySource.get(from) ?? 0) + 1);
    } else if (/Invalid user/.test(line)) invalid.push({ pid, from });
  }
  // An unknown user who then types a password logs both lines: count the connection once.
  for (const i of invalid) {
    if (failedPids.has(i.pid)) continue;
    attempts++;
    bySource.set(i.from, (bySource.get(i.from) ?? 0) + 1);
  }
  return { attempts, bySource, last };
}

interface Source {
  name: string;
  lines: string[];
  /** More matched than were sent. */
  capped: boolean;
}

/** Where the lines come from: a journal that shows the system's messages, else readable log files. */
function pickSource(sections: Sections): Source | { denied: string[] } | null {
  const j = sections.get('journal');
  const jkv = keyValues(j?.text ?? '');
  const jpart = j?.parts.find((p) => p.name === 'journal');
  const restricted = jkv.get('journal') === 'restricted';
  if (j && !j.absent && jpart && jkv.get('rc') === '0' && !restricted && jkv.get('journal') !== 'empty') {
    const lines = jpart.text.split('\n').filter(Boolean);
    return { name: 'the journal', lines, capped: Number(jkv.get('matches')) > lines.length };
  }
  const files = sections.get('authlog')?.parts ?? [];
  const readable = files.filter((p) => p.state === 'ok');
  if (readable.length > 0) {
    const lines = readable.flatMap((p) => p.text.split('\n').filter(Boolean));
    return {
      name: readable.map((p) => p.name).join(' and '),
      lines,
      capped: readable.some((p) => p.text.split('\n').filter(Boolean).length >= MAX_LOG_LINES),
    };
  }
  const denied = files.filter((p) => p.state === 'unreadable').map((p) => `${p.name} is not readable`);
  if (restricted) denied.unshift('the journal shows only messages of this user');
  return denied.length ? { denied } : null;
}

/** ssh.failed-logins */
export function failedLoginsFinding(sections: Sections, facts: HostFacts, threshold: number): Finding {
  const spec = SPECS.failedLogins;
  const src = pickSource(sections);
  if (!src)
    return notChecked(
      spec,
      'no SSH log found',
      'No journal entries to read and no /var/log/auth.log, /var/log/secure or /var/log/messages.',
    );
  if ('denied' in src) return notChecked(spec, deniedReason(facts.uid), `${src.denied.join('; ')}.`);
  const nowS = facts.now ?? Math.floor(Date.now() / 1000);
  const c = countFailedLogins(src.lines, nowS, facts.tzOffsetMin);
  const top = [...c.bySource.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([ip, n]) => `${ip} (${n})`)
    .join(', ');
  const n = `${src.capped ? 'at least ' : ''}${c.attempts}`;
  const head = `${n} failed SSH login${c.attempts === 1 ? '' : 's'} in the last 24 h in ${src.name} (the finding fails at ${threshold})`;
  const evidence =
    c.attempts === 0
      ? `${head}.`
      : `${head}, from ${c.bySource.size} address${c.bySource.size === 1 ? '' : 'es'}: ${top}. Last: ${c.last ?? ''}`;
  return c.attempts >= threshold ? fail(spec, evidence) : pass(spec, evidence);
}

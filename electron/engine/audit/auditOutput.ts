import { MAX_SECTION_LINES } from './auditScript';

/** A file (or log source) inside a section: its text, or why there is none. */
export interface Part {
  name: string;
  state: 'ok' | 'unreadable' | 'missing';
  text: string;
}

/** One section of the audit script's output. */
export interface Section {
  name: string;
  /** Output outside any part (for a command: its stdout and stderr, capped). */
  text: string;
  /** Exit code; null when the section has none (the tool is absent). */
  rc: number | null;
  /** The tool that `command -v` did not find. */
  absent: string | null;
  /** The output had more than MAX_SECTION_LINES lines; `text` holds the first ones. */
  truncated: boolean;
  parts: Part[];
}

/** What the host said about itself in the `info` section. */
export interface HostFacts {
  uid: number | null;
  user: string;
  /** The host's clock, seconds since the epoch. */
  now: number | null;
  /** The host's UTC offset in minutes (for syslog lines without one). */
  tzOffsetMin: number;
  kernel: string;
  osName: string;
  container: string | null;
  systemd: boolean;
  procHidden: boolean;
}

export type Sections = ReadonlyMap<string, Section>;

/** Output that is not what the audit script prints: cut short, or from something else. */
export class AuditOutputError extends Error {
  override name = 'AuditOutputError';
}

/** True if the command ran out of its `timeout` (coreutils says 124, BusyBox 143: SIGTERM). */
export function timedOut(s: Section): boolean {
  return s.rc === 124 || s.rc === 143;
}

/** Splits the framed output into sections. Throws AuditOutputError if it is not complete. */
export function parseAuditOutput(out: string, nonce: string): Sections {
  const mark = `@@GB:${nonce}:`;
  const begin = out.indexOf(`${mark}BEGIN\n`);
  const end = out.indexOf(`${mark}END`, Math.max(begin, 0));
  if (begin < 0) throw new AuditOutputError('the output has no start marker: the audit script did not run');
  if (end < 0) throw new AuditOutputError('the output stops before the end marker: it was cut short');
  const sections = new Map<string, Section>();
  let sec: Section | null = null;
  /** Where text lines go: the open section's own text until its RC, or its current part. */
  let open: Section | null = null;
  let part: Part | null = null;
  let lines: string[] = [];
  const flush = (): void => {
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    if (part) part.text = lines.join('\n');
    else if (open) {
      open.truncated = lines.length > MAX_SECTION_LINES;
      open.text = lines.slice(0, MAX_SECTION_LINES).join('\n');
    }
    lines = [];
  };
  for (const line of out.slice(begin, end).split('\n').slice(1)) {
    if (!line.startsWith(mark)) {
      lines.push(line);
      continue;
    }
    const body = line.slice(mark.length);
    const space = body.indexOf(' ');
    const kind = space < 0 ? body : body.slice(0, space);
    const arg = space < 0 ? '' : body.slice(space + 1);
    if (kind === 'SEC') {
      flush();
      part = null;
      sec = { name: arg, text: '', rc: null, absent: null, truncated: false, parts: [] };
      open = sec;
      sections.set(arg, sec);
    } else if (!sec) {
      continue;
    } else if (kind === 'RC') {
      flush();
      part = null;
      open = null;
      sec.rc = Number(arg);
    } else if (kind === 'ABSENT') {
      sec.absent = arg;
    } else if (kind === 'FILE' || kind === 'UNREADABLE' || kind === 'MISSING') {
      flush();
      const state = kind === 'FILE' ? 'ok' : kind === 'UNREADABLE' ? 'unreadable' : 'missing';
      part = { name: arg, state, text: '' };
      sec.parts.push(part);
    }
  }
  flush();
  return sections;
}

/** `key=value` lines of a section's text; the first of a repeated key wins. */
export function keyValues(text: string): Map<string, string> {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !kv.has(line.slice(0, eq))) kv.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return kv;
}

/** Reads the `info` section. */
export function hostFacts(sections: Sections): HostFacts {
  const kv = keyValues(sections.get('info')?.text ?? '');
  const num = (k: string): number | null => {
    const v = kv.get(k);
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
  };
  const tz = /^([+-])(\d\d)(\d\d)$/.exec(kv.get('tz') ?? '');
  const tzOffsetMin = tz ? (tz[1] === '-' ? -1 : 1) * (Number(tz[2]) * 60 + Number(tz[3])) : 0;
  return {
    uid: num('uid'),
    user: kv.get('user') || '?',
    now: num('now'),
    tzOffsetMin,
    kernel: kv.get('kernel') ?? '',
    osName: (kv.get('PRETTY_NAME') ?? kv.get('ID') ?? '').replace(/^"|"$/g, ''),
    container: kv.get('container') ?? null,
    systemd: kv.get('systemd') === '1',
    procHidden: kv.get('proc') === 'hidden',
  };
}

/** The first non-empty line of a text, trimmed and shortened: for evidence. */
export function firstLine(text: string, max = 200): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, max);
}

/** Whether a command failed for lack of privileges, judging by what tools say then. */
export function deniedByPermissions(text: string): boolean {
  return /permission denied|operation not permitted|must be root|need to be root|not authorized|access denied/i.test(
    text,
  );
}

import { StringDecoder } from 'node:string_decoder';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

/** One line of the log, as written by createFileLogger. */
export interface LogRecord {
  time?: string;
  level?: string;
  msg?: string;
  err?: { type?: string; message?: string; stack?: string } | string;
  [key: string]: unknown;
}

const RANKS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
/** Levels a reader may ask for, least severe first. */
export const READ_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Fields shown in the line itself (time, level, message) or not worth showing (pid). */
const SHOWN_APART = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'err', 'stack']);

export function parseLogLine(line: string): LogRecord | null {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as LogRecord) : null;
  } catch {
    return null;
  }
}

/** Whether a line is at `min` or above. A line that is not a record is always shown: it may be the clue. */
export function atLeast(rec: LogRecord | null, min: string): boolean {
  if (!rec) return true;
  return (RANKS[rec.level ?? ''] ?? RANKS.info!) >= (RANKS[min] ?? 0);
}

function pad2(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local time, to the millisecond: what a person compares with their own clock. */
function localTime(iso: string | undefined): string {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return (iso ?? '').padEnd(23);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad2(d.getMilliseconds(), 3)}`;
}

function fieldValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l.trim() === '' ? '' : l.replace(/^\s+/, '')}`)
    .join('\n');
}

/** One record as a person reads it: time, level, message, key fields; a stack indented below. */
export function formatRecord(rec: LogRecord): string {
  const level = (rec.level ?? 'info').toUpperCase().padEnd(5);
  const fields = Object.entries(rec)
    .filter(([k]) => !SHOWN_APART.has(k))
    .map(([k, v]) => `${k}=${fieldValue(v)}`);
  let text = `${localTime(rec.time)} ${level} ${rec.msg ?? ''}${fields.length ? `  ${fields.join(' ')}` : ''}`;
  const err = rec.err;
  const stack =
    typeof err === 'object' && err !== null
      ? (err.stack ?? err.message)
      : typeof err === 'string'
        ? err
        : undefined;
  const detail = stack ?? (typeof rec.stack === 'string' ? rec.stack : undefined);
  if (detail) text += `\n${indent(detail)}`;
  return text;
}

/** A raw line of the log as it is printed: formatted if it is a record, as it is otherwise. */
export function formatLine(line: string, min: string): string | null {
  if (line.trim() === '') return null;
  const rec = parseLogLine(line);
  if (!atLeast(rec, min)) return null;
  return rec ? formatRecord(rec) : line;
}

/** The log's files oldest first: the rotated ones (`.2`, `.1`), then the live one. */
export function logFiles(file: string, keep = 10): string[] {
  const older: string[] = [];
  for (let i = keep; i >= 1; i--) if (existsSync(`${file}.${i}`)) older.push(`${file}.${i}`);
  return existsSync(file) ? [...older, file] : older;
}

/** Every line of the log, oldest first, across rotated files. */
export function readLogLines(file: string): string[] {
  return logFiles(file).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
}

function readLines(f: string): string[] {
  try {
    const lines = readFileSync(f, 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines;
  } catch {
    return [];
  }
}

/** The rotated files newer than the one with inode `ino` (now `.k`): `.k-1` down to `.1`. */
function newerRotated(file: string, ino: number, keep = 10): string[] {
  for (let k = 1; k <= keep; k++) {
    try {
      if (statSync(`${file}.${k}`).ino === ino) {
        return Array.from({ length: k - 1 }, (_, i) => `${file}.${k - 1 - i}`);
      }
    } catch {
      // not there: look further
    }
  }
  return [];
}

export interface Follower {
  stop(): void;
}

/**
 * Calls `onLine` for each line appended to `file` from now on (or from its start with
 * `fromStart`). Survives rotation: when the path names a new file, the rest of the old one is
 * read first, then the new one from its start. Polls, because a watch on a renamed file
 * follows the old inode and misses the new one on some platforms.
 */
export function followLog(
  file: string,
  onLine: (line: string) => void,
  opts: { fromStart?: boolean; pollMs?: number } = {},
): Follower {
  let fd = -1;
  let ino = -1;
  let pos = 0;
  let partial = '';
  let decoder = new StringDecoder('utf8');
  const buf = Buffer.alloc(64 * 1024);

  const openCurrent = (fromStart: boolean): void => {
    if (!existsSync(file)) return;
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    ino = st.ino;
    pos = fromStart ? 0 : st.size;
    decoder = new StringDecoder('utf8');
  };
  const drain = (): void => {
    if (fd < 0) return;
    if (fstatSync(fd).size < pos) pos = 0; // truncated in place
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      pos += n;
      // The decoder holds a character split across two reads.
      const text = partial + decoder.write(buf.subarray(0, n));
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) onLine(l);
    }
  };
  const tick = (): void => {
    drain();
    let st: ReturnType<typeof statSync> | null = null;
    try {
      st = statSync(file);
    } catch {
      st = null;
    }
    if (st && st.ino !== ino) {
      // Rotated (or created): finish the old file (lines may have landed since the drain
      // above), then read the new one from its start.
      drain();
      if (fd >= 0) closeSync(fd);
      fd = -1;
      if (partial) onLine(partial);
      partial = '';
      // Several rotations between two looks: the files between ours and the live one are read whole.
      for (const between of newerRotated(file, ino)) for (const l of readLines(between)) onLine(l);
      openCurrent(true);
      drain();
    }
  };

  openCurrent(opts.fromStart ?? false);
  drain();
  const timer = setInterval(tick, opts.pollMs ?? 250);
  return {
    stop: () => {
      clearInterval(timer);
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}

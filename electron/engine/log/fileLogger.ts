import { join } from 'node:path';
import pino from 'pino';
import type { Logger } from '../clock';
import { CENSOR, redactPaths, scrubFields, scrubText } from './redact';
import { RotatingFile } from './rotatingFile';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where a data folder's log lives: `<dataDir>/logs/greenboard.log`. */
export function logFileFor(dataDir: string): string {
  return join(dataDir, 'logs', 'greenboard.log');
}

export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_FILES = 3;

export interface FileLoggerOptions {
  /** The data folder; the log goes to its `logs/` folder. */
  dataDir: string;
  /** Least level written (default info; GREENBOARD_LOG_LEVEL overrides it). */
  level?: LogLevel;
  maxBytes?: number;
  files?: number;
  /** Also show lines at or above this level to a person, e.g. `greenboard serve`'s stderr. */
  echo?: { level: LogLevel; write(text: string): void };
}

/** A logger writing JSON lines to a file; `file` is named in internal-error messages. */
export interface FileLogger extends Logger {
  readonly file: string;
  close(): void;
}

const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

function envLevel(): LogLevel | undefined {
  const v = process.env.GREENBOARD_LOG_LEVEL;
  return (LOG_LEVELS as readonly string[]).includes(v ?? '') ? (v as LogLevel) : undefined;
}

/**
 * The Greenboard log: one JSON object per line (`time`, `level`, `msg`, then fields; an `err`
 * field carries `type`, `message` and `stack`), in the data folder, rotated by size.
 * Read it with `greenboard logs`.
 */
export function createFileLogger(opts: FileLoggerOptions): FileLogger {
  const file = new RotatingFile({
    path: logFileFor(opts.dataDir),
    maxBytes: opts.maxBytes ?? LOG_MAX_BYTES,
    files: opts.files ?? LOG_FILES,
  });
  const level = envLevel() ?? opts.level ?? 'info';
  const p = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(), censor: CENSOR },
      // Errors arrive already serialised (and scrubbed) by scrubFields.
      serializers: { err: (v: unknown) => v },
    },
    { write: (line: string) => file.write(line) },
  );
  const echo = opts.echo;
  const log =
    (lvl: Exclude<LogLevel, 'debug'>) =>
    (msg: string, extra?: Record<string, unknown>): void => {
      // Text-borne secrets are masked in the message and in every field, stacks included.
      if (extra) p[lvl](scrubFields(extra) as Record<string, unknown>, scrubText(msg));
      else p[lvl](scrubText(msg));
      if (echo && RANK[lvl] >= RANK[echo.level]) echo.write(`[greenboard] ${lvl}: ${scrubText(msg)}\n`);
    };
  return {
    file: file.path,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    close: () => file.close(),
  };
}

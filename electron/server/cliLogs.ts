import { existsSync, readFileSync } from 'node:fs';
import { defaultDataDir } from '../engine';
import { logFileFor } from '../engine';
import { followLog, formatLine, logFiles, READ_LEVELS, readLogLines } from '../engine';
import { parse, UsageError } from './cliArgs';
import { COMMANDS } from './cliTable';

/**
 * `greenboard logs [--follow] [--level L]`: the data folder's log, one readable line per record
 * (time, level, message, fields; a stack indented below), oldest first across rotated files.
 * With --follow it keeps printing what is written, through rotations, until Ctrl+C.
 */
export async function logsCommand(args: string[]): Promise<number> {
  const { values: v } = parse(args, COMMANDS.logs.options);
  const level = v.level ?? 'info';
  if (!(READ_LEVELS as readonly string[]).includes(level))
    throw new UsageError(`--level must be one of ${READ_LEVELS.join(', ')}, got "${level}".`);
  const file = logFileFor(v['data-dir'] ?? defaultDataDir());
  const print = (line: string): void => {
    const text = formatLine(line, level);
    if (text !== null) process.stdout.write(`${text}\n`);
  };
  if (!v.follow) {
    if (!existsSync(file)) {
      process.stderr.write(
        `greenboard: no log yet at ${file}. Greenboard writes it while it runs (greenboard serve, the desktop app, or any command).\n`,
      );
      return 1;
    }
    for (const line of readLogLines(file)) print(line);
    return 0;
  }
  // The rotated files as they are, then the live one from its start and on, with no gap.
  for (const older of logFiles(file).filter((f) => f !== file))
    for (const line of readFileSync(older, 'utf8').split('\n')) print(line);
  const follower = followLog(file, print, { fromStart: true });
  process.stderr.write(`Following ${file}. Press Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      follower.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

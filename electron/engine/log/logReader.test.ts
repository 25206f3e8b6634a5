import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLogger } from './fileLogger';
import { followLog, formatLine, formatRecord, parseLogLine, readLogLines } from './logReader';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-logread-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves once `pred` holds for what was collected; checked on each new line, no sleeping. */
function collector(): {
  lines: string[];
  push(l: string): void;
  until(pred: (l: string[]) => boolean): Promise<void>;
} {
  const lines: string[] = [];
  const waiting: { pred: (l: string[]) => boolean; resolve: () => void }[] = [];
  return {
    lines,
    push(l) {
      lines.push(l);
      for (const w of [...waiting]) if (w.pred(lines)) w.resolve();
    },
    until(pred) {
      if (pred(lines)) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ pred, resolve }));
    },
  };
}

describe('reading the log', () => {
  it('prints a record as time, level, message and fields, with the stack indented', () => {
    const text = formatRecord({
      time: '2026-01-01T14:00:00.000Z',
      level: 'error',
      pid: 42,
      msg: 'hosts:list failed: boom',
      method: 'hosts:list',
      note: 'two words',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (a.ts:1:1)\n    at g (b.ts:2:2)' },
    });
    const [first, ...rest] = text.split('\n');
    expect(first).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000 ERROR hosts:list failed: boom {2}method=hosts:list note="two words"$/,
    );
    expect(first).not.toContain('pid');
    expect(rest).toEqual(['    Error: boom', '    at f (a.ts:1:1)', '    at g (b.ts:2:2)']);
  });

  it('filters by level and passes through a line that is not a record', () => {
    const info = JSON.stringify({ level: 'info', msg: 'a' });
    const warn = JSON.stringify({ level: 'warn', msg: 'b' });
    expect(formatLine(info, 'warn')).toBeNull();
    expect(formatLine(warn, 'warn')).toContain('WARN  b');
    expect(formatLine('not json', 'error')).toBe('not json');
    expect(formatLine('', 'debug')).toBeNull();
    expect(parseLogLine('[1]')).toBeNull();
  });

  it('reads rotated files oldest first', () => {
    const log = createFileLogger({ dataDir: dir, maxBytes: 400, files: 3 });
    for (let i = 0; i < 6; i++) log.info(`n${i}`, { pad: 'y'.repeat(100) });
    log.close();
    const msgs = readLogLines(log.file)
      .map(parseLogLine)
      .flatMap((r) => (r ? [r.msg] : []));
    expect(msgs.length).toBeGreaterThan(1);
    expect(msgs).toEqual([...msgs].sort());
    expect(msgs.at(-1)).toBe('n5');
  });

  it('follows new lines, through a rotation, and a partial line once it is finished', async () => {
    // Ten files of ~3 lines: the burst below rotates four times between two looks, and no file it
    // wrote is deleted before the follower reads it.
    const log = createFileLogger({ dataDir: dir, maxBytes: 600, files: 10 });
    log.info('before following');
    const got = collector();
    const follower = followLog(log.file, (l) => got.push(l), { pollMs: 20 });
    try {
      const msgs = (): string[] => got.lines.map((l) => parseLogLine(l)?.msg ?? l);
      log.info('first new line');
      await got.until(() => msgs().includes('first new line'));
      for (let i = 0; i < 12; i++) log.info(`rotating ${i}`, { pad: 'z'.repeat(100) });
      await got.until(() => msgs().includes('rotating 11'));
      expect(msgs()).toEqual(['first new line', ...Array.from({ length: 12 }, (_, i) => `rotating ${i}`)]);
      appendFileSync(log.file, '{"level":"info","msg":"spl');
      appendFileSync(log.file, 'it"}\n');
      await got.until(() => msgs().includes('split'));
      expect(msgs()).not.toContain('before following');
    } finally {
      follower.stop();
      log.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ReportFormat } from '../../shared/capacityReport';
import { parse, parseSpan, UsageError } from './cliArgs';
import { call, withEngine } from './cliFleet';
import { terminalSafe } from './cliServices';
import { COMMANDS, usage } from './cliTable';

/** `greenboard report capacity`: a group's capacity report over a range, written to a file. */

const out = (s: string): boolean => process.stdout.write(`${terminalSafe(s)}\n`);

/** The format an --out file asks for, by its extension; anything else refused in words. */
export function formatOf(file: string): ReportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.md') return 'md';
  if (ext === '.html') return 'html';
  throw new UsageError(
    `--out: "${file}" must end in .md (Markdown with the charts embedded) or .html (one self-contained page)${
      ext ? `, not ${ext}` : ''
    }.`,
  );
}

/** Where --out goes, checked before the engine opens: its folder exists, and it is no folder itself. */
export function checkTarget(file: string): string {
  const target = resolve(file);
  const folder = dirname(target);
  let st;
  try {
    st = statSync(folder);
  } catch {
    throw new UsageError(`--out: the folder ${folder} does not exist; create it or choose another path.`);
  }
  if (!st.isDirectory()) throw new UsageError(`--out: ${folder} is not a folder.`);
  try {
    if (statSync(target).isDirectory())
      throw new UsageError(
        `--out: ${target} is a folder; name a file in it, such as ${join(target, 'capacity.md')}.`,
      );
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  return target;
}

/**
 * Writes `text` to `target` atomically: a temporary file in the same folder (so the rename
 * stays on one file system), then renamed over the target. A reader never sees half a report,
 * and a failed write leaves what was there before.
 */
export function writeAtomically(target: string, text: string): void {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx', mode: 0o644 });
    renameSync(temp, target);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // never written, or already renamed
    }
    throw new UsageError(
      `--out: could not write ${target} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
}

export async function reportCommand(args: string[], version: string): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'capacity')
    throw new UsageError(sub ? `Unknown report "${sub}".\n${usage('report')}` : usage('report'));
  const { values: v } = parse(rest, COMMANDS.report.options);
  if (!v.group || !v.out)
    throw new UsageError(`report capacity needs --group TAG and --out FILE.\n${usage('report')}`);
  const format = formatOf(v.out);
  const target = checkTarget(v.out);
  const since = parseSpan(v.since ?? '30d', 'since');
  const tag = v.group;
  return withEngine(
    v['data-dir'],
    version,
    async (e) => {
      // A saved history ends when it was saved: the span counts back from its last moment.
      const info = await call(e, 'app:info', {});
      const toTs = Math.round(info.history ? (info.dataRange?.toTs ?? Date.now()) : Date.now());
      const r = await call(e, 'groups:report', { tag, fromTs: Math.max(0, toTs - since), toTs, format });
      writeAtomically(target, r.text);
      const bytes = Buffer.byteLength(r.text);
      if (v.json) out(JSON.stringify({ file: target, format, bytes, summary: r.summary }, null, 2));
      else {
        out(`Wrote the capacity report of group ${tag} to ${target} (${Math.ceil(bytes / 1024)} kB).`);
        out(r.summary);
      }
      return 0;
    },
    v.history ? { history: v.history } : {},
  );
}

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { HistoryExport, ParsedInput } from '../../shared/contract';
import { GreenboardError } from '../../shared/errors';
import type { EngineContext } from './core/context';
import { exportHistory } from './store/exportHistory';
import { ensurePrivateDir } from './files/privateFiles';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'clock' | 'dataDir' | 'store'>;

/** Where exports from the UI go: `exports/` in the engine's data folder. */
export function exportsDir(engine: Deps): string {
  return join(engine.dataDir, 'exports');
}

/** `greenboard-2026-11-28T14-05-09Z`: sorts by time, and is a valid name on every OS. */
function stampedName(ts: number): string {
  return `greenboard-${new Date(ts)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}`;
}

/** The first of `base.ext`, `base-2.ext`, ... that does not exist yet: never overwrite. */
function freshPath(dir: string, base: string, ext: string): string {
  for (let n = 1; ; n++) {
    const p = join(dir, `${n === 1 ? base : `${base}-${n}`}${ext}`);
    if (!existsSync(p)) return p;
  }
}

/**
 * `history:export`: the same export as `greenboard export`, into the exports folder. The store is
 * only read (VACUUM INTO from a second connection), so polling carries on meanwhile and a
 * reviewed history can be exported too (its private copy is the source; the file stays untouched).
 */
export function exportFromApi(engine: Deps, input: ParsedInput<'history:export'>): HistoryExport {
  const dir = exportsDir(engine);
  try {
    // Owner-only, like the data folder: an exported history holds the same secrets.
    ensurePrivateDir(dir);
  } catch (err) {
    throw new GreenboardError(
      'internal',
      `Could not create the exports folder ${dir}: ${(err as Error).message}. Check that the data folder is writable.`,
    );
  }
  const base = stampedName(engine.clock.now());
  const slice = {
    source: engine.store.path,
    fromTs: input.from,
    toTs: input.to,
    hosts: input.hostIds?.length ? input.hostIds : undefined,
  };
  if (input.format === 'sqlite') {
    const out = freshPath(dir, base, '.sqlite');
    const r = exportHistory({ ...slice, out });
    return { format: 'sqlite', path: out, files: [out], ...described(engine, dir, [out], r) };
  }
  // CSV only: the history file is a by-product here, written to a temporary folder and dropped.
  const csvDir = freshPath(dir, `${base}-csv`, '');
  const scratch = mkdtempSync(join(tmpdir(), 'greenboard-export-'));
  try {
    const r = exportHistory({ ...slice, out: join(scratch, 'history.sqlite'), csvDir });
    const bytes = r.csvFiles.reduce((n, f) => n + statSync(f).size, 0);
    return {
      format: 'csv',
      path: csvDir,
      files: r.csvFiles,
      ...described(engine, dir, r.csvFiles, r),
      bytes,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The counts, the hosts by name (the summary is read by people, who know "vm", not "local"), and
 * each file as a name under the exports folder: what a browser asks `GET /api/download/` for.
 */
function described(
  engine: Deps,
  dir: string,
  files: string[],
  r: ReturnType<typeof exportHistory>,
): Omit<HistoryExport, 'format' | 'path' | 'files'> {
  const names = new Map(engine.store.listHosts().map((h) => [h.id, h.name]));
  return {
    hosts: r.hosts,
    hostNames: r.hosts.map((id) => names.get(id) ?? id),
    downloads: files.map((f) => ({ name: relative(dir, f).split(sep).join('/'), bytes: statSync(f).size })),
    values: r.values,
    fromTs: r.fromTs,
    toTs: r.toTs,
    bytes: r.bytes,
  };
}

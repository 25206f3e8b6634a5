import { createReadStream, lstatSync, realpathSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename, extname } from 'node:path';
import type { ErrorCode } from '../../shared/schemas';
import { isInside, pathInside } from '../engine';

/** The path prefix of downloads; the rest of the path is a name `history:export` returned. */
export const DOWNLOAD_PREFIX = '/api/download/';

/**
 * A segment of a name an export writes (see historyExport.ts and safeName.ts): letters, digits,
 * `.`, `_`, `-`, never starting with a dot. Anything else was not written by an export.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** A history file, or one CSV inside an export's `-csv` folder: nothing deeper exists. */
const MAX_SEGMENTS = 2;

const TYPES: Record<string, string> = {
  '.sqlite': 'application/vnd.sqlite3',
  '.csv': 'text/csv; charset=utf-8',
};

export type DownloadLookup =
  | { ok: true; file: string; size: number; filename: string }
  | { ok: false; code: ErrorCode; message: string };

/**
 * The file under `exportsDir` that `name` (from `GET /api/download/<name>`) names, or why not.
 * Only regular files the exports folder really holds are handed out: a name with another
 * character, a dot segment, or a symlink leading out of the folder is refused, so nothing else
 * in the data folder (the store, settings, keys) can be reached through this door.
 */
export function findDownload(exportsDir: string, name: string): DownloadLookup {
  const segments = name.split('/');
  if (segments.length > MAX_SEGMENTS || !segments.every((s) => SEGMENT.test(s))) {
    return {
      ok: false,
      code: 'bad_request',
      message: `"${preview(name)}" is not the name of an export; download the names "Export history…" lists.`,
    };
  }
  const gone: DownloadLookup = {
    ok: false,
    code: 'not_found',
    message: `No export named "${name}": it may have been deleted from the exports folder. Export again.`,
  };
  let file: string;
  try {
    file = pathInside(exportsDir, segments.join('/'));
  } catch (err) {
    return { ok: false, code: 'bad_request', message: (err as Error).message };
  }
  try {
    const stat = lstatSync(file);
    // realpath of both ends: the data folder itself may sit behind a symlink (/tmp on macOS).
    if (!stat.isFile() || !isInside(realpathSync(exportsDir), realpathSync(file))) return gone;
    return { ok: true, file, size: stat.size, filename: basename(file) };
  } catch {
    return gone;
  }
}

/** Sends a found export as an attachment, so a browser saves it instead of showing it. */
export function sendDownload(
  res: ServerResponse,
  found: { file: string; size: number; filename: string },
  head: boolean,
): void {
  res.writeHead(200, {
    'content-type': TYPES[extname(found.filename)] ?? 'application/octet-stream',
    'content-length': String(found.size),
    // The name holds only [A-Za-z0-9._-] (SEGMENT), so it needs no quoting beyond the quotes.
    'content-disposition': `attachment; filename="${found.filename}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (head) return void res.end();
  const stream = createReadStream(found.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function preview(s: string): string {
  const printable = s.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
}

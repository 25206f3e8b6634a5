import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { GreenboardError } from '../../../shared/errors';

/** Longest readable part kept: the hash keeps names distinct, so the slug may be cut. */
const MAX_SLUG = 48;
/** Hex digits of SHA-256 kept: 48 bits, so two ids in one export practically never collide. */
const HASH_DIGITS = 12;

/**
 * A file name for something named by data (a host id from a history file, a Prometheus
 * instance label): a readable slug of `readable`, then a short hash of `key`, then `ext`.
 * `../../x` becomes `x-1a2b3c4d5e6f.csv`; `db-1` and `DB-1` stay apart on a case-insensitive
 * disk because their hashes differ. The name holds only `[A-Za-z0-9._-]` and never starts with
 * a dot, so it is a plain file name on every OS (no separator, no `..`, nothing hidden).
 */
export function safeFileName(readable: string, key: string, ext: string): string {
  if (!/^\.[a-z0-9]{1,8}$/.test(ext)) throw new Error(`file extension "${ext}" is not a plain one`);
  const slug = readable
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .slice(0, MAX_SLUG)
    .replace(/^[.-]+|[.-]+$/g, '');
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, HASH_DIGITS);
  return `${slug || 'file'}-${hash}${ext}`;
}

/** True when `path` is strictly inside `dir` (not `dir` itself, not beside or above it). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * `dir` joined with `name`, checked to land inside `dir`: the last guard before writing a
 * file whose name came from data. Throws rather than write anywhere else.
 */
export function pathInside(dir: string, name: string): string {
  const full = resolve(dir, name);
  if (!isInside(dir, full))
    throw new GreenboardError(
      'bad_request',
      `Refused to write "${name}": it would land outside ${dir}. Nothing was written there.`,
    );
  return full;
}

/** {@link safeFileName} inside `dir`, checked with {@link pathInside}. */
export function safeFilePath(dir: string, readable: string, key: string, ext: string): string {
  return pathInside(dir, safeFileName(readable, key, ext));
}

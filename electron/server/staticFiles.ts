import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const COMPRESSED_TYPES = new Set(['.js', '.css', '.html', '.svg', '.json']);

/** Encodings the client accepts: "gzip, deflate, br" → {gzip, deflate, br}; `br;q=0` is a refusal. */
export function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

function pickEncoding(
  file: string,
  header: string | string[] | undefined,
): { file: string; encoding: 'br' | 'gzip' } | null {
  if (!COMPRESSED_TYPES.has(extname(file))) return null;
  const accepted = acceptedEncodings(header);
  for (const [encoding, ext] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    if (accepted.has(encoding) && existsSync(file + ext)) return { file: file + ext, encoding };
  }
  return null;
}

/** The same policy the Electron window gets: nothing from outside this origin. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

/**
 * Serves the built renderer. The UI itself holds no secrets; the API behind it needs the token.
 * `path` is already percent-decoded and free of dot segments (see requestTarget.ts); the
 * inside-the-folder check below stays as the last word on what may be read.
 */
export function serveStatic(
  uiDir: string,
  path: string,
  res: ServerResponse,
  acceptEncoding: string | string[] | undefined = undefined,
): void {
  const root = resolve(uiDir);
  if (!existsSync(join(root, 'index.html'))) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      `The Greenboard UI is not built (no ${join(root, 'index.html')}). Run "npm run build", then start again.\n`,
    );
    return;
  }
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  const inside = file.startsWith(root + sep);
  const target = inside && existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
  const type = TYPES[extname(target)] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': target.includes(`${sep}assets${sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  };
  if (type.startsWith('text/html')) headers['content-security-policy'] = CSP;
  // The copy the build compressed (scripts/precompress.ts), when the browser takes it.
  const encoded = pickEncoding(target, acceptEncoding);
  if (encoded) {
    headers['content-encoding'] = encoded.encoding;
    headers['content-length'] = String(statSync(encoded.file).size);
  }
  // Caches must keep the br, gzip and plain answers apart.
  if (COMPRESSED_TYPES.has(extname(target))) headers['vary'] = 'accept-encoding';
  const stream = createReadStream(encoded?.file ?? target);
  // A file that vanishes or turns unreadable between the check and the read (a rebuild in
  // progress) must end this response, not throw an unhandled 'error' out of the server.
  stream.once('error', (err) => {
    if (res.headersSent) return void res.destroy(err);
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Could not read ${target}: ${err.message}. Run "npm run build", then reload.\n`);
  });
  stream.once('open', () => {
    res.writeHead(200, headers);
    // pipeline, not pipe: a tab closed mid-download must close the file too.
    pipeline(stream, res, () => {});
  });
}

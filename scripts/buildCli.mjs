// Compiles the command line (electron/server/cli.ts with the engine and server it loads) to
// JavaScript in out/cli, so `greenboard` starts in plain Node instead of compiling TypeScript
// on every run. Each command is a dynamic import, and code splitting keeps each one (and the
// packages it imports) in its own chunk, so `greenboard version` loads no engine, SQLite or SSH.
// Dependencies stay in node_modules, but zod: it is pure JavaScript spread over a hundred-odd
// modules, and resolving and loading them one by one cost `status` about 70 ms of CPU more
// than the same code compiled into a chunk.
//
// Run by the electron-vite build (electron.vite.config.ts), so `npm run build`, `npm install`
// (prepare) and `npm start` make it; by the Vitest global setup, so the CLI tests spawn what
// the source says; and on its own with `node scripts/buildCli.mjs`.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BUNDLED = new Set(['zod']);
/** The entry the bin script imports. */
export const CLI_OUT_DIR = join(ROOT, 'out', 'cli');

const same = (file, bytes) => {
  try {
    return readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
};

/**
 * Builds out/cli. A CLI may be running from it while it is rebuilt (a test run beside a
 * serve), so each file is written beside its place and renamed over it (a reader never sees
 * half a file), chunks before the entry that imports them, and unchanged files are left alone.
 * @returns {Promise<{ files: number, ms: number }>}
 */
export async function buildCli() {
  const started = performance.now();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const packages = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'electron/server/cli.ts' },
    outdir: CLI_OUT_DIR,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Subpaths too (`tsx/esm/api`): esbuild matches `name/*` for a bare `name`.
    external: packages.filter((p) => !BUNDLED.has(p)).flatMap((p) => [p, `${p}/*`]),
    sourcemap: 'linked',
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  // A package imported but not declared would be compiled in silently; native ones would break.
  const stray = Object.keys(result.metafile.inputs).filter(
    (f) => f.includes('node_modules/') && ![...BUNDLED].some((p) => f.includes(`node_modules/${p}/`)),
  );
  if (stray.length)
    throw new Error(`undeclared packages would be compiled in: ${stray.slice(0, 5).join(', ')}`);
  mkdirSync(CLI_OUT_DIR, { recursive: true });
  const entry = join(CLI_OUT_DIR, 'cli.js');
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry));
  for (const f of files) {
    if (same(f.path, f.contents)) continue;
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  // Chunks are named by content hash: the ones this build did not write are from older source.
  const wanted = new Set(files.map((f) => relative(CLI_OUT_DIR, f.path)));
  for (const name of readdirSync(CLI_OUT_DIR))
    if (!wanted.has(name) && !name.endsWith('.tmp')) rmSync(join(CLI_OUT_DIR, name), { force: true });
  return { files: files.length, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const r = await buildCli();
    process.stdout.write(`out/cli: ${r.files} files in ${r.ms} ms\n`);
  } catch (err) {
    // esbuild has already printed the errors with their file and line.
    process.stderr.write(
      `greenboard: the CLI build failed${err instanceof Error ? `: ${err.message}` : ''}\n`,
    );
    process.exitCode = 1;
  }
}

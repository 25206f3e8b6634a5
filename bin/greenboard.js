#!/usr/bin/env node
// Runs the compiled CLI (out/cli, from scripts/buildCli.mjs): plain JavaScript starts in a
// fraction of the time TypeScript compiled at every run took. `npm install` builds it (prepare).
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/cli/cli.js', import.meta.url);
if (!existsSync(entry)) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  process.stderr.write(
    `greenboard: the command line is not built yet (${fileURLToPath(entry)} is missing).\n` +
      `Run "npm run build" in ${root}, then try again.\n`,
  );
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);

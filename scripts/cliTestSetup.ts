import { buildCli } from './buildCli.mjs';

/**
 * Vitest global setup: the CLI tests spawn bin/greenboard.js, which runs the compiled CLI, so
 * compile it from the source under test first (about 0.2 s). Without this they would run
 * whatever the last build left in out/cli, or nothing on a checkout that was never built.
 */
export default async function setup(): Promise<void> {
  await buildCli();
}

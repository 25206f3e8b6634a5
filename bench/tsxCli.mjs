// The CLI as bin/greenboard.js ran it before it was compiled: the TypeScript source through tsx,
// compiled at every start. bench/cliStart.ts times it beside the compiled CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/server/cli.ts');
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);

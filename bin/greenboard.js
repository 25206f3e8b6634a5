#!/usr/bin/env node
// The CLI runs the TypeScript engine directly through tsx, so `npx greenboard` works right
// after `npm install` with no build step (only `serve` needs the built UI).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/server/cli.ts');
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);

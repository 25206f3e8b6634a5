import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './cliArgs';
import { isCommand, type CommandName } from './cliTable';

/**
 * The CLI's entry: finds the command in the table and imports only its module, so a quick
 * command (`version`, `help`) never loads the engine, SQLite or SSH. bin/greenboard.js runs this
 * compiled (out/cli/cli.js, scripts/buildCli.mjs); tests also import it as TypeScript.
 */

// This file and its build (out/cli/cli.js) are both two folders below the project.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Run = (args: string[], version: string) => Promise<number> | number;

/** Writes text to stdout; the command succeeded. */
function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

/** Each command's module, imported when that command runs. */
const RUNNERS: Record<CommandName, () => Promise<Run>> = {
  serve: async () => {
    const { serveCommand } = await import('./cliServe');
    return async (args, v) => {
      await serveCommand(args, v, ROOT);
      return -1; // keeps running
    };
  },
  // "status" is "poll local": this machine, polled once. Its baseline is read before the engine
  // loads, so the rate window runs during start-up rather than after it.
  status: async () => {
    const early = (await import('../engine/procfs/readProc')).readEarly();
    const { statusCommand } = await import('./cliFleet');
    return (args, v) => statusCommand(args, v, early);
  },
  hosts: async () => (await import('./cliFleet')).hostsCommand,
  poll: async () => (await import('./cliFleet')).pollCommand,
  diag: async () => (await import('./cliFleet')).diagCommand,
  export: async () => (await import('./cliHistory')).exportCommand,
  db: async () => (await import('./cliHistory')).dbCommand,
  alerts: async () => (await import('./cliAlerts')).alertsCommand,
  silence: async () => (await import('./cliAlerts')).silenceCommand,
  loadtest: async () => (await import('./cliLoadtest')).loadtestCommand,
  check: async () => (await import('./cliCheck')).checkCommand,
  incidents: async () => (await import('./cliIncidents')).incidentsCommand,
  rules: async () => (await import('./cliRules')).rulesCommand,
  logs: async () => (await import('./cliLogs')).logsCommand,
  services: async () => (await import('./cliServices')).servicesCommand,
  'top-queries': async () => (await import('./cliServices')).topQueriesCommand,
  groups: async () => (await import('./cliGroups')).groupsCommand,
  report: async () => (await import('./cliReport')).reportCommand,
  help: async () => {
    const [{ helpText }, { defaultDataDir }, { logFileFor }, { LOAD_TEST_CAPS }] = await Promise.all([
      import('./cliHelp'),
      import('../engine/dataDir'),
      import('../engine/log/fileLogger'),
      import('../../shared/loadTests'),
    ]);
    const facts = { dataDir: defaultDataDir(), logFile: logFileFor('DIR'), caps: LOAD_TEST_CAPS };
    return () => print(helpText(facts));
  },
  version: () => Promise.resolve((_args, v) => print(`${v}\n`)),
};

const ALIASES = new Map<string, CommandName>([
  ['--version', 'version'],
  ['--help', 'help'],
  ['-h', 'help'],
]);

function version(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs one CLI invocation; returns the exit code (-1: still running, as `serve` does). */
export async function main(argv: string[]): Promise<number> {
  const [word = 'help', ...rest] = argv;
  try {
    const command = ALIASES.get(word) ?? word;
    if (!isCommand(command)) throw new UsageError(`Unknown command "${word}".`);
    const run = await RUNNERS[command]();
    return await run(rest, version());
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`greenboard: ${err.message}\nRun "greenboard help" for usage.\n`);
      return 2;
    }
    process.stderr.write(`greenboard: ${(err as Error).message}\n`);
    return 1;
  }
}

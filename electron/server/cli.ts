import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, defaultDataDir, LOCAL_HOST_ID } from '../engine';
import { newToken } from './auth';
import { alertsCommand, silenceCommand } from './cliAlerts';
import { checkCommand } from './cliCheck';
import { incidentsCommand } from './cliIncidents';
import { intOption, parse, UsageError } from './cliArgs';
import { diagCommand, hostsCommand, pollCommand } from './cliFleet';
import { dbCommand, exportCommand } from './cliHistory';
import { loadtestCommand } from './cliLoadtest';
import { logsCommand } from './cliLogs';
import { createFileLogger, logFileFor } from '../engine';
import { LOAD_TEST_CAPS } from '../../shared/loadTests';
import { GreenboardServer } from './httpServer';
import { invalidHostName } from './hostCheck';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_PORT = 4817;

const USAGE = `Greenboard — operations command center

Usage: greenboard <command> [options]

Commands:
  serve     Serve the Greenboard UI and API in a browser (headless mode)
            --host ADDR        address to bind (default 127.0.0.1)
            --port N           port (default ${DEFAULT_PORT}; 0 picks a free one)
            --interval-ms N    local polling interval (default 2000)
            --history FILE     review a saved history instead: read-only, no polling
            --allow-host NAME  also answer requests addressed to NAME or NAME:PORT (repeatable);
                               other names are refused (DNS rebinding)
  status    Poll this machine once and print its health
            --json             print JSON instead of text
  hosts add NAME --ssh USER@HOST[:PORT] [--identity FILE] [--jump USER@HOST[:PORT]] [--tag T]... [--interval-ms N]
  hosts edit NAME (same options as add)
  hosts list [--json]
  hosts remove NAME
  hosts import [FILE]            add the Host entries of an ssh_config (default ~/.ssh/config)
  hosts trust NAME --fingerprint SHA256:...
  poll NAME... [--json]          connect, poll once, print the metrics ("local" is this machine);
                                 exits 1 with the reason if a host could not be polled
  diag NAME [CHECK] [--path P] [--yes]
                                 run a read-only diagnostic (no CHECK: list them)
  export --out FILE.sqlite [--from ISO] [--to ISO] [--host NAME]... [--csv DIR]
                                 write a standalone history file (safe while Greenboard runs)
  db stats [--json]              rows and bytes on disk per table, and the time range held
  alerts [WORDS] [--host NAME] [--limit N] [--json]
                                 the alert log: every state change of every signal, host and probe
  silence (--host NAME | --tag TAG | --signal SIGNAL | --probe NAME) [--minutes N] --by WHO --why TEXT
                                 mute notifications for a while (changes are still logged)
  loadtest URL [--duration 10s] [--connections N] [--rate RPS] [--method M] [--header 'K: V']...
           [--body FILE] [--timeout 10s] [--threshold 'p95<500ms']... [--json]
                                 run one load test (progress on stderr); exits 1 if a threshold
                                 fails, 130 if stopped with Ctrl+C. Caps: ${LOAD_TEST_CAPS.connections} connections, ${LOAD_TEST_CAPS.durationSec} s
  incidents declare --title T --severity SEV1..SEV4 [--host NAME]... [--template ID] [--by WHO]
  incidents list [--open] [--json]
  incidents note ID TEXT [--by WHO]
  incidents resolve ID [--resolution TEXT] [--by WHO]
  incidents export ID --out FILE.md
                                 declare and run incidents; export writes the postmortem draft
  check [--config FILE] [--json] run the probes, load tests and audits a config file names
                                 (default ./greenboard-checks.json), one row each; exits 1 if
                                 one fails, 2 if the config is bad
  logs [--follow] [--level debug|info|warn|error]
                                 print the Greenboard log readably (time, level, message, fields,
                                 stacks indented); --follow keeps printing new lines until Ctrl+C
  help      Show this help
  version   Print the version

Every command takes --data-dir DIR (default: ${defaultDataDir()}).
The log is in the data folder: ${logFileFor('DIR')}.
`;

function version(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

async function serve(args: string[]): Promise<void> {
  const { values: v } = parse(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    'interval-ms': { type: 'string' },
    history: { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
  });
  const allowHosts = v['allow-host'] ?? [];
  for (const name of allowHosts) {
    const why = invalidHostName(name);
    if (why) throw new UsageError(why);
  }
  const port = intOption(v.port, 'port', DEFAULT_PORT, 0, 65535);
  const intervalMs = intOption(v['interval-ms'], 'interval-ms', 0, 250, 3_600_000);
  const dataDir = v['data-dir'] ?? defaultDataDir();
  // The data folder's log, also on stderr as before; reviewing a file logs here too, never beside it.
  const log = createFileLogger({ dataDir, echo: { level: 'info', write: (t) => process.stderr.write(t) } });
  const engine = createEngine({
    dataDir,
    logger: log,
    mode: 'headless',
    version: version(),
    localIntervalMs: intervalMs || undefined,
    ...(v.history ? { history: v.history } : {}),
  });
  const server = new GreenboardServer(engine, {
    host: v.host ?? '127.0.0.1',
    port,
    token: newToken(),
    allowHosts,
    uiDir: join(ROOT, 'out', 'renderer'),
  });
  let url: string;
  try {
    url = await server.listen();
  } catch (err) {
    await engine.stop();
    log.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE')
      throw new UsageError(
        `Port ${port} is in use. Pick another with --port N (or --port 0 for any free port).`,
      );
    throw err;
  }
  engine.start();
  process.stdout.write(`Greenboard is running at ${url}\n`);
  const { history, dbPath } = engine.info();
  process.stderr.write(
    history
      ? `Reviewing ${history.file}: read-only, nothing is polled or written to it. Press Ctrl+C to stop.\n`
      : `Data: ${dbPath}. Press Ctrl+C to stop.\n`,
  );
  const shutdown = (): void => {
    void server
      .close()
      .then(() => engine.stop())
      .finally(() => {
        log.close();
        process.exit(0);
      });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  // A crash still ends the process as Node would, but its stack is in the log first (writes are synchronous).
  process.on('uncaughtExceptionMonitor', (err, origin) => log.error(`${origin}: ${err.message}`, { err }));
  // Keep the process alive: the engine's timers are unref'd so that one-shot commands can exit.
  setInterval(() => {}, 1 << 30);
}

/** Runs one CLI invocation; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        await serve(rest);
        return -1; // keeps running
      case 'status':
        // "status" is "poll local": this machine, polled once.
        return await pollCommand([LOCAL_HOST_ID, ...rest], version());
      case 'hosts':
        return await hostsCommand(rest, version());
      case 'poll':
        return await pollCommand(rest, version());
      case 'diag':
        return await diagCommand(rest, version());
      case 'export':
        return exportCommand(rest);
      case 'db':
        return dbCommand(rest);
      case 'alerts':
        return await alertsCommand(rest, version());
      case 'silence':
        return await silenceCommand(rest, version());
      case 'loadtest':
        return await loadtestCommand(rest);
      case 'check':
        return await checkCommand(rest, version());
      case 'incidents':
        return await incidentsCommand(rest, version());
      case 'logs':
        return await logsCommand(rest);
      case 'version':
      case '--version':
        process.stdout.write(`${version()}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`greenboard: ${err.message}\nRun "greenboard help" for usage.\n`);
      return 2;
    }
    process.stderr.write(`greenboard: ${(err as Error).message}\n`);
    return 1;
  }
}

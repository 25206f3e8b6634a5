import { join } from 'node:path';
import { createEngine, createFileLogger, defaultDataDir } from '../engine';
import { newToken } from './auth';
import { intOption, parse, UsageError } from './cliArgs';
import { COMMANDS, DEFAULT_PORT } from './cliTable';
import { invalidHostName } from './hostCheck';
import { GreenboardServer } from './httpServer';

/**
 * `greenboard serve`: the engine with the UI and API over HTTP and WebSocket, until Ctrl+C.
 * `root` is the project folder, where the built UI is (out/renderer).
 */
export async function serveCommand(args: string[], version: string, root: string): Promise<void> {
  const { values: v } = parse(args, COMMANDS.serve.options);
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
    version,
    localIntervalMs: intervalMs || undefined,
    ...(v.history ? { history: v.history } : {}),
  });
  const server = new GreenboardServer(engine, {
    host: v.host ?? '127.0.0.1',
    port,
    token: newToken(),
    allowHosts,
    uiDir: join(root, 'out', 'renderer'),
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

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MethodName } from '../../shared/channels';
import type { MethodInput, MethodOutput } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import { GreenboardError } from '../../shared/errors';
import { formatBytes, formatPct, formatRate } from '../../shared/format';
import { memUsedPct, totalNet } from '../../shared/metrics';
import type { BoardEntry } from '../../shared/schemas';
import { createEngine, defaultDataDir, type EngineHandle } from '../engine';
import { DEFAULT_SSH_INTERVAL_MS, LOCAL_HOST_ID } from '../../shared/hosts';
import { createFileLogger, type FileLogger } from '../engine';
import { parseSshAddress } from '../engine';
import type { EarlyReading } from '../engine';
import { intOption, parse, UsageError } from './cliArgs';
import { COMMANDS, usage } from './cliTable';

/** The fleet commands: hosts, poll, diag. Each opens the data folder's engine without polling. */

/**
 * One-shot commands log to the data folder's log like the app, and stay quiet about routine
 * events on the terminal; a warning (a greenboard.json that cannot be used, so defaults apply)
 * is something the person typing needs to see.
 */
/** What else a command opens the engine with: this machine's early baseline, or a saved history to review. */
export interface OpenOptions {
  localBaseline?: EarlyReading | null;
  history?: string;
}

function open(
  dataDir: string | undefined,
  version: string,
  more: OpenOptions,
): { engine: EngineHandle; log: FileLogger } {
  const dir = dataDir ?? defaultDataDir();
  const log = createFileLogger({
    dataDir: dir,
    echo: {
      level: 'warn',
      write: (t) => process.stderr.write(t.replace(/^\[greenboard\] \w+: /, 'greenboard: ')),
    },
  });
  return {
    engine: createEngine({
      dataDir: dir,
      mode: 'headless',
      version,
      logger: log,
      localBaseline: more.localBaseline ?? null,
      ...(more.history ? { history: more.history } : {}),
    }),
    log,
  };
}

const out = (s: string): boolean => process.stdout.write(`${s}\n`);

/** The CLI is a boundary too: its input goes through the contract's schemas like IPC and HTTP. */
export async function call<M extends MethodName>(
  e: EngineHandle,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const r = await dispatch(e.api, method, input, e.dispatchOptions);
  if (!r.ok) throw new GreenboardError(r.error.code, r.error.message);
  return r.result as MethodOutput<M>;
}

/** API errors are the user's to fix: shown as they are, exit 1. */
export async function withEngine(
  dataDir: string | undefined,
  version: string,
  fn: (e: EngineHandle) => Promise<number>,
  more: OpenOptions = {},
): Promise<number> {
  const { engine, log } = open(dataDir, version, more);
  // The engine's timers never hold the process (an app quits when its window does); a command
  // waiting on one (a poll's rate window) must, or Node exits mid-wait with nothing printed.
  const hold = setInterval(() => undefined, 60_000);
  try {
    return await fn(engine);
  } catch (err) {
    if (err instanceof GreenboardError) {
      process.stderr.write(`greenboard: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    clearInterval(hold);
    await engine.stop();
    log.close();
  }
}

export async function hostsCommand(args: string[], version: string): Promise<number> {
  const [sub, ...rest] = args;
  const { values: v, positionals: pos } = parse(rest, COMMANDS.hosts.options, true);
  const dataDir = v['data-dir'];
  switch (sub) {
    case 'add':
    case 'edit': {
      const name = pos[0];
      if (!name || !v.ssh) throw new UsageError(usage('hosts', sub));
      return withEngine(dataDir, version, async (e) => {
        const ssh = parseSshAddress(v.ssh ?? '', v.identity);
        const jump = v.jump ? parseSshAddress(v.jump, v.identity) : undefined;
        const host = await call(e, sub === 'add' ? 'hosts:add' : 'hosts:update', {
          name,
          ssh: { ...ssh, ...(jump ? { jump } : {}) },
          tags: v.tag ?? [],
          intervalMs: intOption(v['interval-ms'], 'interval-ms', DEFAULT_SSH_INTERVAL_MS, 1000, 3_600_000),
        });
        out(
          `${sub === 'add' ? 'Added' : 'Updated'} ${host.name} (${v.ssh}${v.jump ? ` via ${v.jump}` : ''}). Run "greenboard poll ${host.name}" to check it.`,
        );
        return 0;
      });
    }
    case 'list':
      return withEngine(dataDir, version, async (e) => {
        const hosts = await call(e, 'hosts:list', {});
        if (v.json) out(JSON.stringify(hosts, null, 2));
        else
          for (const h of hosts)
            out(
              `${h.name.padEnd(24)} ${h.ssh ? `${h.ssh.user}@${h.ssh.host}:${h.ssh.port}${h.ssh.jump ? ` via ${h.ssh.jump.host}` : ''}` : 'this machine'}${h.tags.length ? `  [${h.tags.join(', ')}]` : ''}`,
            );
        return 0;
      });
    case 'remove':
      if (!pos[0]) throw new UsageError(usage('hosts', 'remove'));
      return withEngine(dataDir, version, async (e) => {
        await call(e, 'hosts:remove', { hostId: pos[0] ?? '' });
        out(`Removed ${pos[0]}.`);
        return 0;
      });
    case 'import': {
      const file = pos[0] ?? join(homedir(), '.ssh', 'config');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`Cannot read ${file}: ${(err as Error).message}`);
      }
      return withEngine(dataDir, version, async (e) => {
        const r = await call(e, 'hosts:import', { text });
        out(`Added ${r.added.length} host(s)${r.added.length ? `: ${r.added.join(', ')}` : ''}.`);
        for (const s of r.skipped) out(`Skipped ${s.name}: ${s.reason}`);
        for (const s of r.refused) out(`Refused ${s.name}: ${s.reason}`);
        return 0;
      });
    }
    case 'trust':
      if (!pos[0] || !v.fingerprint) throw new UsageError(usage('hosts', 'trust'));
      return withEngine(dataDir, version, async (e) => {
        const link = await call(e, 'hosts:trust', { hostId: pos[0] ?? '', fingerprint: v.fingerprint ?? '' });
        out(
          link.state === 'ok'
            ? `Trusted. ${link.message}.`
            : `Trusted ${v.fingerprint}. Now: ${link.message}`,
        );
        return 0;
      });
    default:
      throw new UsageError(sub ? `Unknown hosts command "${sub}".\n${usage('hosts')}` : usage('hosts'));
  }
}

function describe(e: BoardEntry): string {
  const s = e.latest;
  const head = `${e.host.name}  ${e.health.state.toUpperCase()}${e.health.reasons.length ? `  ${e.health.reasons.join('; ')}` : ''}`;
  if (!s) return head;
  const disk = s.disks.map((d) => `${d.mount} ${formatPct(d.usedPct)}`).join(', ');
  const net = totalNet(s);
  return `${head}\n  CPU ${formatPct(s.cpu.busyPct)}  load ${s.load?.join(' ') ?? '—'}  memory ${formatPct(memUsedPct(s))} of ${formatBytes(s.mem.totalBytes)}  disks ${disk || '—'}  net ↓${formatRate(net.rxBps)} ↑${formatRate(net.txBps)}${e.link.pollMs != null ? `  round trip ${e.link.pollMs.toFixed(1)} ms` : ''}`;
}

/** `poll`'s rate window unless --window-ms says: a second, as the board's polls see. */
const POLL_WINDOW_MS = 1000;
/**
 * `status`'s: a quick look at this machine. A quarter second still holds 25 kernel ticks
 * per core (USER_HZ is 100), so CPU reads to about 4 % / cores; --window-ms widens it.
 */
const STATUS_WINDOW_MS = 250;
/** The least wait between baseline and poll that hosts:poll takes (its schema's minimum). */
const MIN_WAIT_MS = 100;

export async function pollCommand(
  args: string[],
  version: string,
  windowMs = POLL_WINDOW_MS,
  early: EarlyReading | null = null,
): Promise<number> {
  const { values: v, positionals: names } = parse(args, COMMANDS.poll.options, true);
  if (names.length === 0) throw new UsageError(`${usage('poll')}  ("local" is this machine)`);
  const window = intOption(v['window-ms'], 'window-ms', windowMs, 100, 60_000);
  return withEngine(
    v['data-dir'],
    version,
    async (e) => {
      // Unknown names fail before any connection; a baseline, then the poll: rates need two
      // readings. A baseline read before the engine loaded has already run part of the window.
      const left = early ? Math.max(MIN_WAIT_MS, window - (Date.now() - early.at)) : window;
      const entries = await call(e, 'hosts:poll', { hostIds: names, windowMs: left });
      const failed = entries.filter((b) => b.host.id !== LOCAL_HOST_ID && b.link.state !== 'ok');
      if (v.json) out(JSON.stringify(entries, null, 2));
      else for (const b of entries) out(describe(b));
      for (const b of failed) process.stderr.write(`greenboard: ${b.host.name}: ${b.link.message}\n`);
      return failed.length ? 1 : 0;
    },
    { localBaseline: early },
  );
}

/** `greenboard status` is `poll local`: this machine, polled once, from a baseline read at start-up. */
export function statusCommand(
  args: string[],
  version: string,
  early: EarlyReading | null = null,
): Promise<number> {
  return pollCommand([LOCAL_HOST_ID, ...args], version, STATUS_WINDOW_MS, early);
}

export async function diagCommand(args: string[], version: string): Promise<number> {
  const { values: v, positionals: pos } = parse(args, COMMANDS.diag.options, true);
  const [name, check] = pos;
  if (!name) throw new UsageError(usage('diag'));
  return withEngine(v['data-dir'], version, async (e) => {
    if (!check) {
      for (const c of await call(e, 'diag:checks', { hostId: name }))
        out(`${c.id.padEnd(18)} ${c.title}${c.takesPath ? ' (--path P)' : ''}`);
      return 0;
    }
    const r = await call(e, 'diag:run', {
      hostId: name,
      check,
      ...(v.path ? { path: v.path } : {}),
      confirmed: v.yes ?? false,
    });
    if (v.json) out(JSON.stringify(r, null, 2));
    else {
      process.stdout.write(r.stdout.endsWith('\n') || !r.stdout ? r.stdout : `${r.stdout}\n`);
      if (r.stderr.trim()) process.stderr.write(r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`);
      if (r.truncated) process.stderr.write('(output truncated)\n');
    }
    return r.exitCode === 0 ? 0 : 1;
  });
}

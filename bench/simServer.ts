import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../electron/engine/clock';
import { assembleEngine, handleOf, type Engine } from '../electron/engine/createEngine';
import { GreenboardServer } from '../electron/server/httpServer';
import type { Host } from '../shared/schemas';
import { SimulatedCollector } from './simCollector';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

const ROLES = ['web', 'api', 'db', 'cache', 'worker', 'batch', 'edge', 'queue'] as const;
const REGIONS = ['eu', 'us', 'ap'] as const;

/** A plausible fleet: role-number names, tagged by role, region and environment. */
export function simulatedHosts(count: number, intervalMs: number): Host[] {
  return Array.from({ length: count }, (_, i) => {
    const role = ROLES[i % ROLES.length] ?? 'web';
    const region = REGIONS[Math.floor(i / ROLES.length) % REGIONS.length] ?? 'eu';
    const n = Math.floor(i / ROLES.length) + 1;
    const name = `${role}-${region}-${String(n).padStart(2, '0')}`;
    return {
      id: name,
      name,
      kind: 'ssh',
      intervalMs,
      tags: [role, region, i % 10 === 9 ? 'staging' : 'prod'],
      ssh: { user: 'ops', host: `10.${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`, port: 22 },
    };
  });
}

export interface SimServer {
  url: string;
  engine: Engine;
  stop: () => Promise<void>;
}

/**
 * `greenboard serve` as the CLI builds it (engine + HTTP/WebSocket server + built UI), with
 * `hosts` simulated hosts polled every `intervalMs` besides this machine, in a temp data dir.
 */
export async function startSimServer(opts: {
  hosts: number;
  intervalMs: number;
  port?: number;
  /** Runs once every host is mounted and before polling starts (e.g. to store a history). */
  beforeStart?: (engine: Engine) => void;
}): Promise<SimServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'greenboard-ui-bench-'));
  const seeds = new Map<string, number>();
  const engine = assembleEngine({
    dataDir,
    mode: 'headless',
    localIntervalMs: opts.intervalMs,
    logger: silentLogger,
    // The local host keeps its real collector; the fleet is simulated.
    createCollector: (host, clock) => {
      const seed = seeds.get(host.id);
      return seed === undefined ? null : new SimulatedCollector(host.id, seed, clock);
    },
  });
  simulatedHosts(opts.hosts, opts.intervalMs).forEach((host, i) => {
    seeds.set(host.id, 1000 + i);
    engine.hosts.mount(host, null);
  });
  const server = new GreenboardServer(handleOf(engine), {
    host: '127.0.0.1',
    port: opts.port ?? 0,
    token: 'bench',
    uiDir: join(ROOT, 'out', 'renderer'),
  });
  const url = await server.listen();
  opts.beforeStart?.(engine);
  engine.start();
  return {
    url,
    engine,
    stop: async () => {
      await server.close();
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Standalone, to look at the board by hand: node --import tsx bench/simServer.ts [hosts] [port]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sim = await startSimServer({
    hosts: Number(process.argv[2] ?? 499),
    intervalMs: 1000,
    port: Number(process.argv[3] ?? 0),
  });
  process.stdout.write(`Simulated fleet at ${sim.url}\n`);
  process.once('SIGINT', () => void sim.stop().finally(() => process.exit(0)));
  process.once('SIGTERM', () => void sim.stop().finally(() => process.exit(0)));
}

// What the tunnel tests share: a real sshd on loopback (and, when asked, a second one that
// refuses port forwarding), the engine's SSH context to it with a host "db-1" trusted and
// polling, the service watch with the real drivers and a real credential store, and every log
// line kept, so a test can look for a secret in all of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promised } from '../../api';
import type { TunnelOpener } from '../../collectors/tunnel';
import { systemClock, type Logger } from '../../clock';
import { fleetHandlers } from '../../fleetHandlers';
import { startSshd, type TestSshd } from '../../ssh/testing/sshd';
import { waitFor } from '../../ssh/testing/waitFor';
import { sshTestContext, type SshTestContext } from '../../testing/sshContext';
import { SERVICE_DRIVERS } from '../drivers';
import { serviceHandlers } from '../serviceHandlers';
import { pollService } from '../servicePoll';
import { ServiceWatch } from '../serviceWatch';

export interface TunnelRig {
  ctx: SshTestContext;
  watch: ServiceWatch;
  dir: string;
  /** Every log line and its fields, as JSON. */
  logs: string[];
  /** The sshds, in the order of the hosts given. */
  sshds: TestSshd[];
  api(): ReturnType<typeof promised<ReturnType<typeof fleetHandlers> & ReturnType<typeof serviceHandlers>>>;
  close(): Promise<void>;
}

/** `hosts`: host id → sshd options; each becomes a trusted SSH host on the board. */
export async function startTunnelRig(
  hosts: Record<string, { refuseForwarding?: boolean }>,
): Promise<TunnelRig> {
  const logs: string[] = [];
  const keep =
    (level: string) =>
    (msg: string, extra?: Record<string, unknown>): void => {
      logs.push(JSON.stringify({ level, msg, extra }));
    };
  const logger: Logger = { info: keep('info'), warn: keep('warn'), error: keep('error') };
  const dir = mkdtempSync(join(tmpdir(), 'gb-tunnel-'));
  const ctx = sshTestContext({ dataDir: dir, clock: systemClock, sshTimeoutMs: 3000, logger });
  const watch = new ServiceWatch(ctx, SERVICE_DRIVERS, ctx.credentials);
  const api = () => promised({ ...fleetHandlers(ctx), ...serviceHandlers(watch) });
  const sshds: TestSshd[] = [];
  ctx.hosts.start();
  for (const [name, o] of Object.entries(hosts)) {
    // -o on the command line wins over the config file's "AllowTcpForwarding yes".
    const sshd = await startSshd(o.refuseForwarding ? { args: ['-o', 'AllowTcpForwarding=no'] } : {});
    sshds.push(sshd);
    await api()['hosts:add']({
      name,
      ssh: { user: sshd.user, host: sshd.host, port: sshd.port, identityFile: sshd.clientKeyPath },
      intervalMs: 60_000,
      tags: [],
    });
    const link = () => ctx.hosts.board().find((x) => x.host.id === name)?.link.state;
    await waitFor(() => link() === 'hostkey_unknown', 'unknown host key');
    await api()['hosts:trust']({ hostId: name, fingerprint: sshd.hostKeyFingerprint });
    await waitFor(() => link() === 'ok', 'a working SSH link');
  }
  return {
    ctx,
    watch,
    dir,
    logs,
    sshds,
    api,
    async close() {
      watch.stop();
      await ctx.close();
      for (const s of sshds) await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The host's real tunnel, watched: once the driver has written its `nth` query (`isQuery` tells
 * one by its first bytes on the wire), `kill` runs as that query's answer arrives, so the server
 * dies in the middle of a poll, at a known point, with no timing involved.
 */
export function killMidPoll(
  real: TunnelOpener,
  isQuery: (chunk: Buffer) => boolean,
  nth: number,
  kill: () => Promise<void>,
): { opener: TunnelOpener; queries: () => number; killed: () => Promise<void> } {
  let queries = 0;
  let done: Promise<void> | null = null;
  const opener: TunnelOpener = {
    openTunnel: async (port, timeoutMs) => {
      const stream = await real.openTunnel(port, timeoutMs);
      const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        // Drivers write Buffers (pg, mysql2) or strings (ioredis).
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : null;
        if (bytes && isQuery(bytes) && ++queries === nth)
          stream.once('data', () => {
            done = kill();
          });
        return write(chunk, ...rest);
      }) as typeof stream.write;
      return stream;
    },
  };
  // The server is gone only once its process has exited: a poll after that finds the port closed.
  return {
    opener,
    queries: () => queries,
    killed: () => done ?? Promise.reject(new Error('the server was never killed: no query was seen')),
  };
}

/**
 * One poll of `serviceId` on `hostId` whose server is killed as the answer to its `nth` query
 * arrives (see killMidPoll), then, once the server has died, the watch's next poll of it and a
 * poll of the host itself. The caller asserts on what each gave.
 */
export async function pollKilledMidway(
  rig: TunnelRig,
  hostId: string,
  serviceId: string,
  secret: string,
  query: { is: (chunk: Buffer) => boolean; nth: number },
  kill: () => Promise<void>,
): Promise<{
  first: Awaited<ReturnType<typeof pollService>>;
  queries: number;
  next: Awaited<ReturnType<ReturnType<TunnelRig['api']>['services:poll']>>;
  host: ReturnType<SshTestContext['hosts']['board']>[number] | undefined;
}> {
  const remote = rig.ctx.collectors.get(hostId)?.remote;
  if (!remote) throw new Error(`no SSH remote for ${hostId}`);
  const { opener, queries, killed } = killMidPoll(remote, query.is, query.nth, kill);
  const cfg = rig.watch.get(serviceId).config;
  const first = await pollService(SERVICE_DRIVERS[cfg.kind]!, cfg, remote, null, { textsFor: [] }, Date.now, {
    opener,
    secret,
  });
  await killed();
  const next = await rig.api()['services:poll']({ serviceId });
  await rig.ctx.hosts.pollNow(hostId);
  return { first, queries: queries(), next, host: rig.ctx.hosts.board().find((b) => b.host.id === hostId) };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshdAvailable } from '../../ssh/testing/sshd';
import { redisMissingReason, startRedis, type TestRedis } from '../testing/redisServer';
import { startTunnelRig, type TunnelRig } from '../testing/tunnelRig';

// Redis's default way in is a tunnel (serviceDefaults.ts says why): added with no --via, it is
// read through a port forwarded over the host's SSH session to a real sshd, with no password
// kept. Its two ways to fail say what to do in words: sshd refusing forwarding ("cache-2" here)
// names --via peer, and a Redis that wants a password says where to set it.
const missing = (sshdAvailable() ? null : 'no sshd') ?? redisMissingReason();
const PASSWORD = 'redis-default-pw-52';

let rig: TunnelRig;
let open: TestRedis;
let locked: TestRedis;

beforeAll(async () => {
  if (missing) return;
  open = await startRedis();
  locked = await startRedis({ extra: ['--requirepass', PASSWORD] });
  rig = await startTunnelRig({ 'cache-1': {}, 'cache-2': { refuseForwarding: true } });
}, 90_000);
afterAll(async () => {
  if (missing) return;
  await rig.close();
  await open.stop();
  await locked.stop();
});

const add = (hostId: string, port: number, over: Record<string, unknown> = {}) =>
  rig.api()['services:add']({ hostId, kind: 'redis', port, ...over } as never);

describe.skipIf(missing)(`Redis's default way in (${missing ?? 'sshd + redis-server'})`, () => {
  it('reads a Redis added with no way in through a tunnel, with no password kept', async () => {
    const st = await add('cache-1', open.port);
    expect(st.message).toBeNull();
    expect(st).toMatchObject({ status: 'ok', secretKept: false, config: { via: 'tunnel', osUser: null } });
    expect(st.latest?.metrics['redis.clients_connected']).toBeGreaterThanOrEqual(1);
    expect(st.latest?.metrics['redis.ping_ms']).toBeGreaterThanOrEqual(0);
  }, 30_000);

  it('says sshd refuses port forwarding on that host, and names --via peer, which then reads it', async () => {
    const st = await add('cache-2', open.port);
    expect(st).toMatchObject({ status: 'failed', problem: 'setup' });
    expect(st.message).toMatch(/^sshd on cache-2 refuses port forwarding \(AllowTcpForwarding no/);
    expect(st.message).toMatch(/allow it for the login user, or use --via peer/);
    expect(st.message).toContain(
      `greenboard services add cache-2 --kind redis --port ${open.port} --via peer`,
    );
    // The host itself is fine, and the way the message names works.
    expect(rig.ctx.hosts.board().find((b) => b.host.id === 'cache-2')?.link.state).toBe('ok');
    const peer = await add('cache-2', open.port, { via: 'peer' });
    expect(peer.message).toBeNull();
    expect(peer).toMatchObject({ status: 'ok', config: { via: 'peer' } });
  }, 30_000);

  it('says a Redis that wants a password wants one, and where to set it; then reads it with it', async () => {
    const st = await add('cache-1', locked.port);
    expect(st).toMatchObject({ status: 'failed', problem: 'setup', secretKept: false });
    expect(st.message).toMatch(
      /This Redis wants a password: set it with the password field of the service's form/,
    );
    expect(st.message).toContain(
      `greenboard services add cache-1 --kind redis --port ${locked.port} --via tunnel --password-stdin`,
    );
    await rig.api()['services:secret']({ serviceId: st.config.id, secret: PASSWORD });
    const ok = await rig.api()['services:poll']({ serviceId: st.config.id });
    expect(ok.message).toBeNull();
    expect(ok).toMatchObject({ status: 'ok', secretKept: true });
    expect(JSON.stringify(await rig.api()['services:list']({}))).not.toContain(PASSWORD);
    expect(rig.logs.join('\n')).not.toContain(PASSWORD);
  }, 30_000);
});

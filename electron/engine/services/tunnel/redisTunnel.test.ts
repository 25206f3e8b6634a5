import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshdAvailable } from '../../ssh/testing/sshd';
import { redisMissingReason, startRedis, type TestRedis } from '../testing/redisServer';
import { pollKilledMidway, startTunnelRig, type TunnelRig } from '../testing/tunnelRig';

// Redis with requirepass reached through a tunnel: ioredis over a forwarded channel of the host's
// SSH session to a real sshd. INFO, timed PINGs and SLOWLOG printed as the peer script prints
// them, read by the same parse.
const missing = (sshdAvailable() ? null : 'no sshd') ?? redisMissingReason();
const PASSWORD = 'redis-tunnel-pw-31';

let rig: TunnelRig;
let redis: TestRedis;

beforeAll(async () => {
  if (missing) return;
  // Every command goes to SLOWLOG, so the poll has entries to read.
  redis = await startRedis({ extra: ['--requirepass', PASSWORD, '--slowlog-log-slower-than', '0'] });
  rig = await startTunnelRig({ 'cache-1': {} });
}, 90_000);
afterAll(async () => {
  if (missing) return;
  await rig.close();
  await redis.stop();
});

describe.skipIf(missing)(`Redis through a tunnel (${missing ?? 'sshd + redis-server'})`, () => {
  it('says this Redis wants a password, then reads it with one: INFO, PINGs, SLOWLOG', async () => {
    const first = await rig.api()['services:add']({
      hostId: 'cache-1',
      kind: 'redis',
      port: redis.port,
      via: 'tunnel',
    });
    expect(first).toMatchObject({ status: 'failed', problem: 'setup' });
    expect(first.message).toMatch(/wants a password: set it with/);
    await rig.api()['services:secret']({ serviceId: first.config.id, secret: PASSWORD });
    const st = await rig.api()['services:poll']({ serviceId: first.config.id });
    expect(st.message).toBeNull();
    expect(st.status).toBe('ok');
    expect(st.latest?.metrics['redis.ping_ms']).toBeGreaterThanOrEqual(0);
    expect(st.latest?.metrics['redis.clients_connected']).toBeGreaterThanOrEqual(1);
    expect(st.latest?.notes.join(' ')).not.toMatch(/SLOWLOG not read/);
    const again = await rig.api()['services:poll']({ serviceId: first.config.id });
    expect(again.latest?.metrics['redis.ops_ps']).toBeGreaterThan(0);
    expect(again.latest?.metrics['redis.slowlog_new']).toBeGreaterThan(0);
  }, 30_000);

  it('says Redis refused the password, without the password', async () => {
    const id = `cache-1/redis-${redis.port}`;
    await rig.api()['services:secret']({ serviceId: id, secret: 'bad-pass-77' });
    const r = await rig.api()['services:poll']({ serviceId: id });
    expect(r).toMatchObject({ status: 'failed', problem: 'refused' });
    expect(r.message).toMatch(/Redis refused the password.*set it again/);
    expect(r.message).not.toContain('bad-pass-77');
    await rig.api()['services:secret']({ serviceId: id, secret: PASSWORD });
    expect((await rig.api()['services:poll']({ serviceId: id })).status).toBe('ok');
    expect(rig.logs.join('\n')).not.toContain(PASSWORD);
  }, 30_000);

  it('a server killed in the middle of a poll is unreachable, never half a reading; the host keeps polling', async () => {
    // A command is a RESP array ("*"): INFO and a PING answered, the server is killed as the
    // second PING's answer arrives.
    const { first, queries, next, host } = await pollKilledMidway(
      rig,
      'cache-1',
      `cache-1/redis-${redis.port}`,
      PASSWORD,
      { is: (c) => c[0] === 0x2a, nth: 3 },
      () => redis.kill(),
    );
    expect(queries).toBeGreaterThanOrEqual(3);
    expect(first).toMatchObject({ ok: false, problem: 'unreachable' });
    if (!first.ok) expect(first.message).toMatch(/during the poll/);
    expect(next).toMatchObject({ status: 'failed', problem: 'unreachable' });
    expect(host?.link.state).toBe('ok');
  }, 30_000);
});

import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../engine/ssh/testing/waitFor';
import { startTestServer, type TestServer } from './testing/testServer';

// A host whose SSH port is closed (a loopback port nobody listens on): asking it for a
// diagnostic or an audit is a state of the world to explain, not an internal error.
let t: TestServer;
let port: number;

/** A loopback port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const p = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return p;
}

beforeAll(async () => {
  t = await startTestServer();
  port = await closedPort();
  t.engine.start();
});
afterAll(() => t.close());

const call = async (method: string, input: unknown): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(`${t.base}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token}` },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: await res.json() };
};

async function addHost(name: string): Promise<string> {
  const added = await call('hosts:add', {
    name,
    ssh: { user: 'nobody', host: '127.0.0.1', port },
    intervalMs: 60_000,
  });
  expect(added.status).toBe(200);
  return (added.body as { result: { id: string } }).result.id;
}

const refusal = (name: string) => ({
  ok: false,
  error: {
    code: 'conflict',
    message: expect.stringMatching(
      new RegExp(
        `^${name} cannot be reached: 127\\.0\\.0\\.1:${port} unreachable: connection refused: is sshd running, and is the port right\\? Fix the connection first .+, then run ".+" again\\.$`,
      ),
    ) as unknown,
  },
});

describe('a host that cannot be reached', () => {
  it('answers a diagnostic with the link’s reason (409), once the link is known to be down', async () => {
    const id = await addHost('web-down');
    await waitFor(
      () => t.engine.hosts.board().find((e) => e.host.id === id)?.link.state === 'unreachable',
      'the link to be unreachable',
    );
    const r = await call('diag:run', { hostId: id, check: 'top-cpu' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject(refusal('web-down'));
    expect(t.logged.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('answers the same while the first connection is still being tried', async () => {
    const id = await addHost('web-new');
    const r = await call('diag:run', { hostId: id, check: 'disk-usage' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject(refusal('web-new'));
  });

  it('answers an audit the same way', async () => {
    const id = await addHost('web-audit');
    await waitFor(
      () => t.engine.hosts.board().find((e) => e.host.id === id)?.link.state === 'unreachable',
      'the link to be unreachable',
    );
    const r = await call('audit:run', { hostId: id });
    expect(r.status).toBe(409);
    expect((r.body as { error: { message: string } }).error.message).toContain('connection refused');
  });
});

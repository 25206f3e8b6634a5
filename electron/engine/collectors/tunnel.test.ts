import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../testing/nginx';
import { LOCAL_TUNNEL, TunnelError } from './tunnel';

describe('LOCAL_TUNNEL (this machine: a socket to 127.0.0.1)', () => {
  it('hands over a connected socket that carries bytes both ways', async () => {
    const server = createServer((s) => s.pipe(s)).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    const stream = await LOCAL_TUNNEL.openTunnel(port, 2_000);
    const echoed = new Promise<string>((r) => stream.once('data', (d: Buffer) => r(d.toString())));
    stream.write('ping');
    expect(await echoed).toBe('ping');
    stream.destroy();
    server.close();
  });

  it('says nothing listens on a closed port, as a refused TunnelError', async () => {
    const port = await freePort();
    const err = await LOCAL_TUNNEL.openTunnel(port, 2_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TunnelError);
    expect(err).toMatchObject({ reason: 'refused', message: `Nothing listens on 127.0.0.1:${port}.` });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HostNotification } from '../../shared/alerts';
import { silentLogger } from '../engine';
import { assembleEngine, handleOf, type Engine } from '../engine/createEngine';
import { GreenboardServer } from './httpServer';

// The real server on loopback and real sockets: the count the alert log gets is the tabs sent to.
let dir: string;
let engine: Engine;
let server: GreenboardServer;
const token = 'test-token-notify-tabs-0123';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gb-notify-tabs-'));
  engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
  server = new GreenboardServer(handleOf(engine), { host: '127.0.0.1', port: 0, token, uiDir: dir });
  await server.listen();
});

afterEach(async () => {
  await server.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function tab(): Promise<{ ws: WebSocket; notes: unknown[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  const notes: unknown[] = [];
  ws.on('message', (d: Buffer) => {
    const frame = JSON.parse(d.toString()) as { event?: string; payload?: unknown };
    if (frame.event === 'notify:host') notes.push(frame.payload);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, notes };
}

const NOTE: HostNotification = {
  subject: 'probe',
  hostId: 'shop',
  hostName: 'Shop',
  kind: 'red',
  title: 'probe Shop is red',
  body: 'status 503',
  at: 1,
};

describe('notifications in headless mode', () => {
  it('go to each open tab once, and the engine is told how many tabs that was', async () => {
    expect(engine.screens.deliver(NOTE)).toEqual([{ kind: 'tabs', count: 0 }]);
    const a = await tab();
    const b = await tab();
    expect(engine.screens.deliver(NOTE)).toEqual([{ kind: 'tabs', count: 2 }]);
    await expect.poll(() => a.notes.length + b.notes.length).toBe(2);
    expect(a.notes).toEqual([NOTE]);
    b.ws.close();
    await expect
      .poll(() => engine.screens.deliver({ ...NOTE, at: 2 })[0])
      .toEqual({ kind: 'tabs', count: 1 });
    a.ws.close();
  });
});

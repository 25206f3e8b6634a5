import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP receiver on loopback that records bodies and answers with scripted statuses. */
export class Receiver {
  readonly bodies: unknown[] = [];
  readonly contentTypes: (string | undefined)[] = [];
  /** Status per request, consumed in order; 200 once empty. */
  script: { status: number; body?: string; headers?: Record<string, string> }[] = [];
  private server: Server | null = null;
  port = 0;

  async listen(port = 0): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const next = this.script.shift() ?? { status: 200, body: 'ok' };
        if (next.status < 300) {
          this.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          this.contentTypes.push(req.headers['content-type']);
        }
        res.writeHead(next.status, next.headers).end(next.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/T000/B000`;
  }

  texts(): string[] {
    return this.bodies.map((b) => (b as { text: string }).text);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

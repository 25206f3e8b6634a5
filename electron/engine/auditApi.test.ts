import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from './clock';
import { assembleEngine } from './createEngine';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-audit-api-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// A real audit of this machine through the engine API (the script runs here, under sh).
describe('audit API', () => {
  it('runs, keeps and lists a report of the local host', { timeout: 120_000 }, async () => {
    const engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
    try {
      const report = await engine.api['audit:run']({ hostId: 'local' });
      expect(report.hostId).toBe('local');
      expect(report.findings.length).toBeGreaterThan(0);
      expect(report.passed + report.failed + report.notChecked).toBe(report.findings.length);

      expect(await engine.api['audit:latest']({ hostId: 'local' })).toEqual(report);
      expect(await engine.api['audit:history']({ hostId: 'local', limit: 50 })).toEqual([
        { ts: report.ts, score: report.score },
      ]);
    } finally {
      await engine.stop();
    }
  });

  it('answers null and an empty history for a host never audited', async () => {
    const engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
    try {
      expect(await engine.api['audit:latest']({ hostId: 'local' })).toBeNull();
      expect(await engine.api['audit:history']({ hostId: 'local', limit: 50 })).toEqual([]);
      await expect(engine.api['audit:latest']({ hostId: 'nope' })).rejects.toMatchObject({
        code: 'not_found',
      });
    } finally {
      await engine.stop();
    }
  });

  it('asks to fix the connection first when an SSH host is not connected', async () => {
    const engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
    try {
      // Never started: the host's SSH link has not come up.
      engine.hosts.mount({
        id: 'db-1',
        name: 'db-1',
        kind: 'ssh',
        intervalMs: 5000,
        tags: [],
        ssh: { user: 'ops', host: '127.0.0.1', port: 1 },
      });
      await expect(engine.api['audit:run']({ hostId: 'db-1' })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(
          /^db-1 cannot be reached: 127\.0\.0\.1:1 unreachable: .*Fix the connection first/,
        ),
      });
      expect(await engine.api['audit:history']({ hostId: 'db-1', limit: 50 })).toEqual([]);
    } finally {
      await engine.stop();
    }
  });

  it(
    'refuses to run an audit in a reviewed history, but shows the kept report',
    { timeout: 120_000 },
    async () => {
      const live = assembleEngine({ dataDir: join(dir, 'data'), mode: 'headless', logger: silentLogger });
      const report = await live.api['audit:run']({ hostId: 'local' });
      const file = live.store.path;
      await live.stop();

      const review = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger, history: file });
      try {
        await expect(review.api['audit:run']({ hostId: 'local' })).rejects.toMatchObject({
          code: 'forbidden',
          message: expect.stringMatching(/read-only: audit:run is not available/),
        });
        expect(await review.api['audit:latest']({ hostId: 'local' })).toEqual(report);
      } finally {
        await review.stop();
      }
    },
  );
});

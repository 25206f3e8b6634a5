// Helpers for the crafted-history tests: real histories written by the Store, then altered.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Envelope } from '../../../shared/contract';
import { dispatch } from '../../../shared/dispatch';
import type { Host } from '../../../shared/schemas';
import type { Logger } from '../clock';
import { assembleEngine, type Engine } from '../createEngine';
import { FakeClock, makeSample } from './fakes';

export const START = Date.UTC(2026, 0, 1, 14, 0, 0);
export const MIN = 60_000;

let root = '';
let reviewTmp: string;
const savedTmp = process.env.TMPDIR;

/** This test case's own folder. */
export function caseRoot(): string {
  return root;
}

/**
 * Registers the hooks every crafted-history test file needs: review copies go to a TMPDIR of
 * the file's own, each case gets a folder, and every case ends with no review copy left.
 */
export function useCraftedHistoryFolders(): void {
  beforeAll(() => {
    // The review copies go to os.tmpdir(): a folder of this file's own, so leftovers are ours.
    reviewTmp = mkdtempSync(join(tmpdir(), 'gb-crafted-tmp-'));
    process.env.TMPDIR = reviewTmp;
  });
  afterAll(() => {
    process.env.TMPDIR = savedTmp;
    rmSync(reviewTmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    root = mkdtempSync(join(reviewTmp, 'case-'));
  });
  afterEach(() => {
    // Every path, failures included, removes the private copy of the reviewed file.
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('greenboard-review-'))).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });
}

export const sshHost = (id: string, name = id): Host => ({
  id,
  name,
  kind: 'ssh',
  intervalMs: 5000,
  tags: [],
  ssh: { user: 'ops', host: '10.0.0.5', port: 22 },
});

/** A history of ten minutes of `local` and the given hosts, written by the Store as Greenboard does. */
export async function recordHistory(hosts: Host[] = [sshHost('db-1')]): Promise<string> {
  const engine = assembleEngine({
    dataDir: join(root, 'recorded'),
    mode: 'headless',
    clock: new FakeClock(START + 10 * MIN),
    logger: quiet().logger,
    createCollector: () => null,
  });
  for (const h of hosts) engine.store.upsertHost(h, 0);
  for (let i = 0; i < 10; i++)
    for (const id of ['local', ...hosts.map((h) => h.id)])
      engine.store.writeSample(makeSample(id, START + i * MIN));
  const file = engine.store.path;
  await engine.stop();
  return file;
}

/** Alters a saved file the way someone crafting it would: plain SQL on its tables. */
export function craft(file: string, ...sql: string[]): void {
  const db = new Database(file);
  try {
    for (const s of sql) db.exec(s);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export function quiet(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    logger: { info: () => {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
  };
}

export function review(file: string, logger: Logger = quiet().logger): Engine {
  return assembleEngine({ dataDir: join(root, 'data'), mode: 'headless', logger, history: file });
}

/** The answer of one call, which must not be an internal error (a 500 over HTTP). */
export async function call(engine: Engine, method: string, input: unknown): Promise<Envelope<unknown>> {
  const res = await dispatch(engine.api, method, input);
  if (!res.ok) {
    expect(res.error.code, `${method}: ${res.error.message}`).not.toBe('internal');
    expect(res.error.message).not.toMatch(/^(Unexpected token|Internal error)/);
  }
  return res;
}

/** Every read-side method a reviewer uses; each answers, and exports stay in their folder. */
export async function callEverything(engine: Engine, hostIds: string[]): Promise<Envelope<unknown>[]> {
  const out: Envelope<unknown>[] = [];
  out.push(await call(engine, 'board:get', {}));
  out.push(await call(engine, 'board:at', { ts: START + 5 * MIN }));
  out.push(await call(engine, 'incidents:templates', {}));
  for (const hostId of hostIds) {
    out.push(
      await call(engine, 'metrics:range', {
        hostId,
        series: [{ metric: 'cpu.busy_pct', labels: '' }],
        from: START,
        to: START + 10 * MIN,
      }),
    );
    out.push(await call(engine, 'diag:checks', { hostId }));
  }
  for (const format of ['sqlite', 'csv'] as const) {
    const res = await call(engine, 'history:export', { format });
    out.push(res);
    if (res.ok) expectOnlyInside(join(root, 'data', 'exports'));
  }
  return out;
}

/** Every exported file (CSV, or history outside the recorded data) under `root` is inside `folder`. */
export function expectOnlyInside(folder: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  const outside = walk(root).filter((f) => {
    const exported = f.endsWith('.csv') || (f.endsWith('.sqlite') && !f.endsWith(`${sep}greenboard.sqlite`));
    return exported && relative(folder, f).startsWith(`..${sep}`);
  });
  expect(outside).toEqual([]);
}

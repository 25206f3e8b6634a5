import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../shared/contract';
import { dispatch } from '../../../shared/dispatch';
import { systemClock } from '../clock';
import type { Store } from '../store/store';
import { realLocalCollector, sliceApi, testContext } from '../testing/testContext';
import { diagHandlers } from './diagnostics';

// Saved commands and diagnostic paths with bad characters, on a test context in a temp folder
// (the local host with its real collector, so no SSH is needed), called through the contract
// as both transports do.
let dir: string;
const engines: Engine[] = [];

/** Diagnostics over this machine on the board: the context and the diag API slice. */
interface Engine {
  api: ApiHandlers;
  store: Store;
  stop(): Promise<void>;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-saved-'));
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
  rmSync(dir, { recursive: true, force: true });
});

function engine(): Engine {
  const ctx = testContext({
    dataDir: dir,
    clock: systemClock,
    local: true,
    createCollector: realLocalCollector,
  });
  const e: Engine = { api: sliceApi(diagHandlers(ctx)), store: ctx.store, stop: () => ctx.close() };
  engines.push(e);
  return e;
}

/** Stops the engine and opens a new one on the same folder: what a restart does. */
async function restart(e: Engine): Promise<Engine> {
  engines.splice(engines.indexOf(e), 1);
  await e.stop();
  return engine();
}

const call = (e: Engine, method: string, input: unknown) => dispatch(e.api, method, input);

describe('saved commands', () => {
  it('diag:save refuses an argv with a NUL or another control character, naming the argument', async () => {
    const e = engine();
    const nul = await call(e, 'diag:save', { name: 'bad', title: 'Bad', argv: ['cat', '/etc\0/passwd'] });
    expect(nul).toEqual({
      ok: false,
      error: {
        code: 'bad_request',
        message:
          'Invalid input for diag:save: argv.1: contains a NUL character (at character 5); remove it and try again',
        issues: [
          {
            path: ['argv', 1],
            message: 'contains a NUL character (at character 5); remove it and try again',
          },
        ],
      },
    });
    const esc = await call(e, 'diag:save', { name: 'bad', title: 'Bad\u001b[2J', argv: ['true'] });
    expect(esc).toMatchObject({
      ok: false,
      error: {
        code: 'bad_request',
        message: expect.stringMatching(/^Invalid input for diag:save: title: contains an escape character/),
      },
    });
    const list = await call(e, 'diag:checks', { hostId: 'local' });
    expect(list.ok && (list.result as { custom: boolean }[]).some((c) => c.custom)).toBe(false);
  });

  it('one stored command that no longer validates is disabled with why; the others still list and run, across a restart', async () => {
    let e = engine();
    await e.api['diag:save']({ name: 'uptime', title: 'Uptime', argv: ['cat', '/proc/uptime'] });
    // What an older version or a crafted file leaves behind: an argv with a NUL in it.
    const stored = e.store.getSetting<unknown[]>('diag.saved') ?? [];
    e.store.setSetting('diag.saved', [
      ...stored,
      { name: 'bad', title: 'Bad', argv: ['cat', '/etc\0x'] },
      42,
    ]);
    e = await restart(e);

    const checks = await call(e, 'diag:checks', { hostId: 'local' });
    expect(checks.ok).toBe(true);
    const custom = (
      checks.ok ? (checks.result as { id: string; disabled?: string; command: string }[]) : []
    ).filter((c) => c.id.startsWith('custom:'));
    expect(custom.map((c) => [c.id, c.disabled === undefined])).toEqual([
      ['custom:uptime', true],
      ['custom:bad', false],
      [expect.stringMatching(/^custom:invalid-[0-9a-f]{8}$/), false],
    ]);
    expect(custom[1]?.disabled).toMatch(
      /^This saved command no longer validates \(argv\.1: contains a NUL character/,
    );
    expect(custom[1]?.command).toBe("'cat' '/etc\\x00x'");

    const run = await call(e, 'diag:run', { hostId: 'local', check: 'custom:uptime', confirmed: true });
    expect(run).toMatchObject({ ok: true, result: { exitCode: 0 } });
    const bad = await call(e, 'diag:run', { hostId: 'local', check: 'custom:bad', confirmed: true });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'bad_request',
        message: expect.stringMatching(/Save it again under the same name to replace it, or delete it\.$/),
      },
    });

    // Deleting the bad ones by the names they are listed under leaves the good one.
    expect(await call(e, 'diag:delete', { name: 'bad' })).toEqual({ ok: true, result: { deleted: 'bad' } });
    expect(await call(e, 'diag:delete', { name: custom[2]?.id.slice('custom:'.length) })).toMatchObject({
      ok: true,
    });
    expect(e.store.getSetting('diag.saved')).toEqual([
      { name: 'uptime', title: 'Uptime', argv: ['cat', '/proc/uptime'] },
    ]);
  });

  it('a stored value that is not a list shows as one disabled entry; one that is not JSON as no commands', async () => {
    let e = engine();
    e.store.setSetting('diag.saved', { name: 'x' });
    e = await restart(e);
    let checks = await call(e, 'diag:checks', { hostId: 'local' });
    expect(checks.ok).toBe(true);
    const entry = (checks.ok ? (checks.result as { id: string; disabled?: string }[]) : []).find(
      (c) => c.id === 'custom:saved-commands',
    );
    expect(entry?.disabled).toMatch(/is not a list/);
    // Saving a new command starts a new list.
    expect(await call(e, 'diag:save', { name: 'up', title: 'Up', argv: ['true'] })).toMatchObject({
      ok: true,
    });
    expect(e.store.getSetting('diag.saved')).toEqual([{ name: 'up', title: 'Up', argv: ['true'] }]);

    // Not JSON at all reads as no saved commands: the built-in checks still list.
    e.store.db.prepare("UPDATE settings SET value = 'not json' WHERE key = 'diag.saved'").run();
    checks = await call(e, 'diag:checks', { hostId: 'local' });
    expect(checks.ok).toBe(true);
    expect(checks.ok && (checks.result as unknown[]).length).toBeGreaterThan(5);
    expect(await call(e, 'diag:save', { name: 'up', title: 'Up', argv: ['true'] })).toMatchObject({
      ok: true,
    });
    expect(await call(e, 'diag:delete', { name: 'up' })).toMatchObject({ ok: true });
    expect(e.store.getSetting('diag.saved')).toEqual([]);
  });
});

describe('diagnostic paths', () => {
  it('diag:run with a path containing NUL answers bad_request, not an internal error', async () => {
    const e = engine();
    const r = await call(e, 'diag:run', {
      hostId: 'local',
      check: 'largest-dirs',
      path: '/var\0/x',
      confirmed: false,
    });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'bad_request',
        message:
          'Invalid input for diag:run: path: contains a NUL character (at character 5); remove it and try again',
        issues: [
          { path: ['path'], message: 'contains a NUL character (at character 5); remove it and try again' },
        ],
      },
    });
    // A caller inside the engine that skips the contract gets the same kind of answer.
    await expect(
      e.api['diag:run']({ hostId: 'local', check: 'largest-dirs', path: '/var\0/x', confirmed: false }),
    ).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/^The path contains a NUL character/),
    });
  });
});

import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryExport } from '../../shared/contract';
import { makeSample } from '../engine/testing/fakes';
import { exportsDir } from '../engine/historyExport';
import { startTestServer, type TestServer } from './testing/testServer';

// A real engine with a little stored history, behind the real server: an export made through
// the API is fetched back the way a browser's <a download> does.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const now = Date.now();
  for (let i = 0; i < 5; i++) t.engine.store.writeSample(makeSample('local', now - (5 - i) * 60_000));
});
afterAll(() => t.close());

async function exported(format: 'sqlite' | 'csv'): Promise<HistoryExport> {
  const res = await fetch(`${t.base}/api/history:export`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token}` },
    body: JSON.stringify({ format }),
  });
  const body = (await res.json()) as { ok: true; result: HistoryExport };
  expect(body.ok).toBe(true);
  return body.result;
}

const download = (name: string, token: string | null = t.token): Promise<Response> =>
  fetch(`${t.base}/api/download/${name}${token === null ? '' : `?token=${token}`}`);

describe('GET /api/download/<name>', () => {
  it('hands a written history file to a browser as an attachment, with the token only', async () => {
    const r = await exported('sqlite');
    expect(r.downloads).toHaveLength(1);
    const [file] = r.downloads;
    expect(file!.name).toMatch(/^greenboard-[0-9TZ-]+\.sqlite$/);
    expect(r.hostNames).toHaveLength(r.hosts.length);

    expect((await download(file!.name, null)).status).toBe(401);
    expect((await download(file!.name, 'nope')).status).toBe(403);

    const res = await download(file!.name);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${file!.name}"`);
    expect(res.headers.get('content-type')).toBe('application/vnd.sqlite3');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(readFileSync(r.path))).toBe(true);
    expect(file!.bytes).toBe(bytes.length);
  });

  it('offers each CSV of a CSV export by its name inside the export folder', async () => {
    const r = await exported('csv');
    expect(r.downloads.length).toBe(r.files.length);
    const [csv] = r.downloads;
    expect(csv!.name).toMatch(/^greenboard-[0-9TZ-]+-csv\/[A-Za-z0-9._-]+\.csv$/);
    const res = await download(csv!.name);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"/]+\.csv"$/);
    expect((await res.text()).split('\n')[0]).toBe('time,metric,labels,value');
  });

  it('answers 404 for a name no export wrote', async () => {
    const res = await download('greenboard-1999-01-01T00-00-00Z.sqlite');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('reaches nothing outside the exports folder', async () => {
    await exported('sqlite'); // the folder exists
    const store = t.engine.store.path;
    // A symlink planted in the folder still leads out of it: refused as if absent.
    symlinkSync(store, join(exportsDir(t.engine), 'planted.sqlite'));
    const attempts = [
      '..%2Fgreenboard.sqlite',
      '%2E%2E/greenboard.sqlite',
      '..%5Cgreenboard.sqlite',
      encodeURIComponent(store),
      'planted.sqlite',
      '.hidden',
      'a/b/c.csv',
      '',
    ];
    for (const name of attempts) {
      const res = await download(name);
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
      expect(res.headers.get('content-disposition'), name).toBeNull();
    }
  });

  it('refuses to change anything: only GET and HEAD', async () => {
    const r = await exported('sqlite');
    const res = await fetch(`${t.base}/api/download/${r.downloads[0]!.name}?token=${t.token}`, {
      method: 'DELETE',
    });
    expect(res.status).toBe(405);
    const head = await fetch(`${t.base}/api/download/${r.downloads[0]!.name}?token=${t.token}`, {
      method: 'HEAD',
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(r.downloads[0]!.bytes));
  });
});

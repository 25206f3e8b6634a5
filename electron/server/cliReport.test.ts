import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../engine';
import { assembleEngine } from '../engine/createEngine';
import { makeSample } from '../engine/testing/fakes';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-cli-report-'));
const outDir = join(dir, 'reports');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args, '--data-dir', dir], { encoding: 'utf8' });

// Two members of "web" (added as unreachable SSH hosts: never polled here), with three days of
// history written through the real store: web-1 busy (CPU 60 %, a 90 % hour two days ago),
// web-2 at 20 %. A third group, "<b>|db", with a hostile tag and no history.
const END = Date.now() - 60_000;
const DAY = 86_400_000;
beforeAll(async () => {
  mkdirSync(outDir);
  for (const [name, tag] of [
    ['web-1', 'web'],
    ['web-2', 'web'],
    ['db-1', '<b>|db'],
  ] as const)
    expect(cli('hosts', 'add', name, '--ssh', 'ops@127.0.0.1:1', '--tag', tag).status).toBe(0);
  const engine = assembleEngine({ dataDir: dir, mode: 'headless', logger: silentLogger });
  const samples = [];
  for (let ts = END - 3 * DAY; ts <= END; ts += 10 * 60_000) {
    const hot = ts >= END - 2 * DAY && ts < END - 2 * DAY + 3_600_000;
    for (const [id, busy] of [
      ['web-1', hot ? 90 : 60],
      ['web-2', 20],
    ] as const)
      samples.push(makeSample(id, ts, { cpu: { cores: 4, busyPct: busy, iowaitPct: 0, stealPct: 0 } }));
  }
  engine.store.writeSamples(samples);
  await engine.stop();
}, 60_000);

const tempsLeft = (): string[] => readdirSync(outDir).filter((f) => f.endsWith('.tmp'));

describe('greenboard report capacity', () => {
  it('writes a Markdown report of the group, atomically, and says where and what in one line', () => {
    const file = join(outDir, 'web.md');
    writeFileSync(file, 'an older report');
    const r = cli('report', 'capacity', '--group', 'web', '--since', '7d', '--out', file);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [where, summary] = r.stdout.trim().split('\n');
    expect(where).toMatch(new RegExp(`^Wrote the capacity report of group web to ${file} \\(\\d+ kB\\)\\.$`));
    expect(summary).toMatch(/^web: 2 members, CPU p95 \d+ %, busiest peak 90 %, memory p95 \d+ %, /);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# Capacity report: group web');
    expect(text).toContain('Members (2): web-1, web-2.');
    expect(text).toMatch(/^\| web-1 \| 60 % \| 90 % \|/m);
    expect(text).toMatch(/^\| web-2 \| 20 % \| 20 % \|/m);
    expect(text).toMatch(/^Resolution: 15 min buckets/m);
    expect(text).toContain('data:image/svg+xml;base64,');
    expect(tempsLeft()).toEqual([]);
  });

  it('writes one self-contained HTML page, with --json', () => {
    const file = join(outDir, 'web.html');
    const r = cli('report', 'capacity', '--group', 'web', '--out', file, '--json');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { file: string; format: string; bytes: number; summary: string };
    expect(json).toMatchObject({ file, format: 'html', summary: expect.stringMatching(/^web: 2 members/) });
    const page = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(page)).toBe(json.bytes);
    expect(page).toMatch(/^<!doctype html>/);
    expect(page.match(/<svg /g)).toHaveLength(3);
    expect(page).not.toMatch(/<script|<link|src="http/);
  });

  it('escapes a hostile tag, and says when the range holds no history', () => {
    const md = join(outDir, 'db.md');
    const html = join(outDir, 'db.html');
    expect(cli('report', 'capacity', '--group', '<b>|db', '--out', md).status).toBe(0);
    expect(cli('report', 'capacity', '--group', '<b>|db', '--out', html).status).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('# Capacity report: group &lt;b&gt;\\|db');
    expect(text).toContain('There is no stored history for these members in this range');
    const page = readFileSync(html, 'utf8');
    expect(page).not.toContain('<b>');
    expect(page).toContain('<h1>Capacity report: group &lt;b&gt;|db</h1>');
  });

  it('refuses what it cannot do, in words, and writes nothing', () => {
    const unknown = cli('report', 'capacity', '--group', 'nope', '--out', join(outDir, 'nope.md'));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No group "nope"');
    const pdf = cli('report', 'capacity', '--group', 'web', '--out', join(outDir, 'web.pdf'));
    expect(pdf.status).toBe(2);
    expect(pdf.stderr).toContain('must end in .md (Markdown with the charts embedded) or .html');
    expect(pdf.stderr).toContain('not .pdf');
    const noFolder = cli('report', 'capacity', '--group', 'web', '--out', join(dir, 'missing', 'web.md'));
    expect(noFolder.status).toBe(2);
    expect(noFolder.stderr).toContain(`the folder ${join(dir, 'missing')} does not exist`);
    const folder = join(outDir, 'folder.md');
    mkdirSync(folder);
    const isFolder = cli('report', 'capacity', '--group', 'web', '--out', folder);
    expect(isFolder.status).toBe(2);
    expect(isFolder.stderr).toContain('is a folder');
    expect(cli('report', 'capacity', '--out', join(outDir, 'x.md')).stderr).toContain(
      'report capacity needs --group TAG and --out FILE',
    );
    expect(cli('report', 'usage').stderr).toContain('Unknown report "usage"');
    expect(
      cli('report', 'capacity', '--group', 'web', '--out', join(outDir, 'y.md'), '--since', 'a month').stderr,
    ).toContain('--since takes a span');
    expect(readdirSync(outDir).sort()).toEqual(['db.html', 'db.md', 'folder.md', 'web.html', 'web.md']);
  });

  it('reports on a saved history file, counting back from its end', () => {
    const saved = join(dir, 'saved.sqlite');
    expect(cli('export', '--out', saved).status).toBe(0);
    const file = join(outDir, 'saved.md');
    const r = cli('report', 'capacity', '--group', 'web', '--since', '3d', '--history', saved, '--out', file);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^\| web-1 \| 60 % \| 90 % \|/m);
  });
});

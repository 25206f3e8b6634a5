import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/greenboard.js');
const dir = mkdtempSync(join(tmpdir(), 'gb-cli-incidents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args, '--data-dir', dir], { encoding: 'utf8' });

describe('greenboard incidents', () => {
  it('declares, lists, notes, resolves and exports a postmortem', () => {
    const declared = cli(
      'incidents',
      'declare',
      '--title',
      'Disk full',
      '--severity',
      'sev2',
      '--host',
      'local',
      '--template',
      'disk-full',
      '--by',
      'ana',
    );
    expect(declared.stderr).toBe('');
    expect(declared.stdout).toBe('Declared INC-1 (SEV2): Disk full — checklist disk-full\n');
    expect(declared.status).toBe(0);

    const list = cli('incidents', 'list', '--json');
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([
      {
        id: 'INC-1',
        severity: 'SEV2',
        status: 'investigating',
        hostIds: ['local'],
        warnings: ['no incident commander assigned'],
      },
    ]);
    expect(cli('incidents', 'list').stdout).toMatch(
      /^INC-1\s+SEV2\s+investigating\s+.*Disk full\s+\[no incident commander assigned\]$/m,
    );

    const note = cli('incidents', 'note', 'inc-1', 'logs', 'rotated', '--by', 'bo');
    expect(note.stdout).toBe('Noted on INC-1.\n');
    expect(
      cli('incidents', 'resolve', 'INC-1', '--resolution', 'Rotated logs', '--by', 'ana').stdout,
    ).toMatch(/^Resolved INC-1 after \d+ min\.$/m);
    const again = cli('incidents', 'resolve', 'INC-1');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already resolved/);

    const file = join(dir, 'pm.md');
    const exported = cli('incidents', 'export', 'INC-1', '--out', file);
    expect(exported.status).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/^# Postmortem: Disk full \(INC-1\)/);
    expect(md).toMatch(
      /\| declared \| ana \|[\s\S]*\| note \| bo \| logs rotated \|[\s\S]*\| resolved \| ana \| Resolved: Rotated logs \|/,
    );
    expect(cli('incidents', 'export', 'INC-1', '--out', file).status).toBe(2);

    const bad = cli('incidents', 'declare', '--title', 'x', '--severity', 'SEV9');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--severity must be one of SEV1, SEV2, SEV3, SEV4/);
    expect(cli('incidents', 'note', 'INC-7', 'x').stderr).toMatch(/No incident "INC-7"/);
  }, 60_000);
});

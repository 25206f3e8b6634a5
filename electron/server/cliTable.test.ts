import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText } from './cliHelp';
import { COMMANDS, usage, type CliCommand } from './cliTable';

const ROOT = join(import.meta.dirname, '../..');
const table = Object.entries(COMMANDS as Record<string, CliCommand>);
const optionsIn = (text: string): string[] =>
  [...text.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]!);

describe('the command table', () => {
  it('names in its usage lines exactly the options each command parses', () => {
    for (const [name, c] of table) {
      for (const u of c.usage) expect(u.split(' ')[0], u).toBe(name);
      const shown = new Set(c.usage.flatMap(optionsIn));
      expect([...shown].sort(), name).toEqual(Object.keys(c.options).sort());
    }
  });

  it('parses status as poll, so both take the same options', () => {
    const parsed = (o: CliCommand['options']) => Object.entries(o).map(([k, v]) => [k, v.type, v.multiple]);
    expect(parsed(COMMANDS.status.options)).toEqual(parsed(COMMANDS.poll.options));
  });

  it('writes help from the table: every usage line and option help in it', () => {
    const facts = {
      dataDir: '/data',
      logFile: 'DIR/logs/greenboard.log',
      caps: { connections: 7, durationSec: 9 },
    };
    const text = helpText(facts).replace(/\n {7,}(?=[[(-])/g, ' ');
    for (const [, c] of table) {
      for (const u of c.usage) expect(text).toContain(`  ${u}\n`);
      for (const o of Object.values(c.options)) if (o.help) expect(text).toContain(o.help.split('\n')[0]);
    }
    expect(text).toContain('Caps: 7 connections, 9 s');
    expect(text).toContain('--data-dir DIR (default: /data)');
  });

  it('gives one subcommand its own usage line, and the whole command otherwise', () => {
    expect(usage('hosts', 'trust')).toBe('Usage: greenboard hosts trust NAME --fingerprint SHA256:...');
    expect(usage('hosts', 'nope').split('\n')).toHaveLength(1 + COMMANDS.hosts.usage.length);
    expect(usage('export')).toMatch(/^Usage: greenboard export --out FILE\.sqlite /);
  });
});

describe('the compiled CLI', () => {
  // The Vitest global setup has just built out/cli from this source.
  const OUT = join(ROOT, 'out', 'cli');
  const BIN = join(ROOT, 'bin', 'greenboard.js');

  /** What importing a module loads: its static imports, followed through chunks. */
  function staticGraph(file: string, g = { files: new Set<string>(), packages: new Set<string>() }) {
    if (g.files.has(file)) return g;
    g.files.add(file);
    const code = readFileSync(join(OUT, file), 'utf8');
    for (const m of code.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('./')) staticGraph(spec.slice(2), g);
      else if (!spec.startsWith('node:')) g.packages.add(spec);
    }
    return g;
  }

  it('starts without the engine: the entry loads no package and little code, status loads SQLite', () => {
    const entry = staticGraph('cli.js');
    expect([...entry.packages]).toEqual([]);
    // The table, the argument parser and the dispatcher: a few KB, no engine or zod compiled in.
    const bytes = [...entry.files].reduce((n, f) => n + statSync(join(OUT, f)).size, 0);
    expect(bytes).toBeLessThan(32_000);
    const fleet = /import\("\.\/(cliFleet-[\w-]+\.js)"\)/.exec(
      readFileSync(join(OUT, 'cli.js'), 'utf8'),
    )?.[1];
    expect(fleet).toBeDefined();
    expect([...staticGraph(fleet!).packages]).toContain('better-sqlite3');
  });

  it('prints the version from package.json and help from the table', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect([v.status, v.stdout]).toEqual([0, `${version}\n`]);
    const h = spawnSync(process.execPath, [BIN, 'help'], { encoding: 'utf8' });
    expect(h.status).toBe(0);
    expect(h.stdout).toContain(`  ${COMMANDS.incidents.usage[1]}\n`);
  });

  it('answers a usage mistake with the usage line from the table, exit 2', () => {
    const r = spawnSync(process.execPath, [BIN, 'db', 'size'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`greenboard: ${usage('db')}\nRun "greenboard help" for usage.\n`);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, isCommand, type CliCommand } from './cliTable';

/**
 * The README against the command table: every `greenboard …` it shows names a command, a
 * subcommand and options that exist, and the "Command line" section shows every command,
 * subcommand and option there is. A README that drifted from the CLI fails here.
 */

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const table = COMMANDS as Record<string, CliCommand>;

const optionsIn = (text: string): string[] =>
  [...text.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]!);
const spans = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** The subcommands of a command (`hosts add`, `db stats`): lower-case words after its name. */
function subsOf(name: string): string[] {
  const words = table[name]!.usage.map((u) => u.split(' ')[1] ?? '');
  return words.every((w) => /^[a-z][a-z-]*$/.test(w)) ? words : [];
}

/** One `greenboard …` in the README: where it is, the form it names, the options it shows. */
interface Shown {
  where: string;
  command: string;
  sub: string | null;
  options: string[];
}

function shown(where: string, text: string, extraOptions: string[] = []): Shown {
  const [command = '', second = ''] = text.trim().split(/\s+/);
  const sub = isCommand(command) && subsOf(command).length ? second : null;
  return { where, command, sub, options: [...optionsIn(text), ...extraOptions] };
}

/** The "Command line" table: a row's first-column spans are usages (the `greenboard` may be left out). */
function commandTable(): Shown[] {
  const section = README.split(/^## /m).find((s) => s.startsWith('Command line\n')) ?? '';
  const rows = section.split('\n').filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l));
  return rows.slice(1).flatMap((row) => {
    const [usageCell = '', aboutCell = ''] = row
      .slice(1)
      .split(/(?<!\\)\|/)
      .map((c) => c.replace(/\\\|/g, '|'));
    const usages = spans(usageCell).map((s) => s.replace(/^greenboard /, ''));
    const aboutSpans = spans(aboutCell);
    // "(also `--method`, …)" in the second column belongs to the row's first usage.
    const more = aboutSpans.filter((s) => s.startsWith('--')).flatMap(optionsIn);
    // "(`hosts edit` takes the same options)": a subcommand named in the second column.
    const named = aboutSpans.filter((s) => {
      const [c = '', sub = ''] = s.split(' ');
      return isCommand(c) && subsOf(c).includes(sub);
    });
    return [
      ...usages.map((u, i) => shown(`Command line row: ${u}`, u, i === 0 ? more : [])),
      ...named.map((s) => shown(`Command line row: ${s}`, s)),
    ];
  });
}

/** Everywhere: code spans in prose and code-block lines that start with `greenboard `. */
function everywhere(): Shown[] {
  // Between fences (odd parts) is code; spans are paired only in prose, line by line.
  const parts = README.split(/^```.*$/m);
  const prose = parts.filter((_, i) => i % 2 === 0).flatMap((p) => p.split('\n'));
  const code = parts.filter((_, i) => i % 2 === 1).flatMap((p) => p.split('\n'));
  const texts = [...prose.flatMap(spans), ...code.map((l) => l.trim())];
  return texts
    .map((t) => t.replace(/^npx /, ''))
    .filter((t) => t.startsWith('greenboard ') && !t.startsWith('greenboard <command>'))
    .map((t) => shown(`"${t}"`, t.slice('greenboard '.length)));
}

describe('the README and the command table', () => {
  const inTable = commandTable();
  const all = [...inTable, ...everywhere()];

  it('finds the command line table', () => {
    expect(inTable.length).toBeGreaterThan(10);
  });

  it('shows only commands, subcommands and options that exist, each on the form that takes it', () => {
    const problems: string[] = [];
    for (const s of all) {
      if (!isCommand(s.command)) {
        problems.push(`${s.where}: no command "${s.command}"`);
        continue;
      }
      const forms = table[s.command]!.usage.filter((u) => s.sub === null || u.split(' ')[1] === s.sub);
      if (forms.length === 0) problems.push(`${s.where}: no subcommand "${s.command} ${s.sub}"`);
      const allowed = new Set([...forms.flatMap(optionsIn), 'data-dir']);
      for (const o of s.options)
        if (!allowed.has(o)) problems.push(`${s.where}: ${s.command} takes no --${o} here`);
    }
    expect(problems).toEqual([]);
  });

  it('shows every command, subcommand and option in the Command line section', () => {
    const missing: string[] = [];
    for (const [name, c] of Object.entries(table)) {
      const rows = inTable.filter((s) => s.command === name);
      if (rows.length === 0) missing.push(name);
      for (const sub of subsOf(name)) if (!rows.some((s) => s.sub === sub)) missing.push(`${name} ${sub}`);
      const documented = new Set(rows.flatMap((s) => s.options));
      for (const o of Object.keys(c.options)) if (!documented.has(o)) missing.push(`${name} --${o}`);
    }
    expect(missing).toEqual([]);
  });
});

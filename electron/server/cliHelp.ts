import { COMMANDS, type CliCommand, type HelpFacts } from './cliTable';

/** `greenboard help`: written from the command table, so it lists exactly what the CLI parses. */

const WIDTH = 100;
const INDENT = '      ';

/** A long usage line broken before an option, the rest indented under the command's name. */
function wrapUsage(line: string): string[] {
  const head = line.slice(0, line.indexOf(' ') + 1);
  const parts = line.split(/ (?=[[(-])/);
  const lines: string[] = [];
  let cur = '';
  for (const p of parts) {
    if (cur && cur.length + 1 + p.length > WIDTH - 2) {
      lines.push(cur);
      cur = ' '.repeat(head.length) + p;
    } else cur = cur ? `${cur} ${p}` : p;
  }
  return [...lines, cur];
}

function optionRows(c: CliCommand): string[] {
  const rows = Object.entries(c.options).filter(([, o]) => o.help);
  const label = (name: string, arg?: string): string => `--${name}${arg ? ` ${arg}` : ''}`;
  const w = Math.max(0, ...rows.map(([n, o]) => label(n, o.arg).length)) + 2;
  return rows.flatMap(([n, o]) =>
    (o.help ?? '').split('\n').map((h, i) => (i === 0 ? label(n, o.arg).padEnd(w) : ' '.repeat(w)) + h),
  );
}

export function helpText(facts: HelpFacts): string {
  const blocks = Object.values(COMMANDS as Record<string, CliCommand>).map((c) => {
    const about = typeof c.about === 'function' ? c.about(facts) : c.about;
    return [
      ...c.usage.flatMap(wrapUsage).map((l) => `  ${l}`),
      ...[...about.split('\n'), ...optionRows(c)].map((l) => `${INDENT}${l}`),
    ].join('\n');
  });
  return `Greenboard — operations command center

Usage: greenboard <command> [options]

Commands:
${blocks.join('\n')}

Every command takes --data-dir DIR (default: ${facts.dataDir}).
The log is in the data folder: ${facts.logFile}.
`;
}

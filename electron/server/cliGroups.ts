import type { GroupView } from '../../shared/groups';
import type { HealthState } from '../../shared/schemas';
import { parse, UsageError } from './cliArgs';
import { call, withEngine } from './cliFleet';
import { COMMANDS, usage } from './cliTable';
import { terminalSafe } from './cliServices';

/** A state in a terminal, in words (no colour to read it by). */
const STATE_WORDS: Record<HealthState, string> = {
  green: 'OK',
  amber: 'WARNING',
  red: 'CRITICAL',
  grey: 'NO DATA',
  waiting: 'WAITING',
};

const out = (s: string): boolean => process.stdout.write(`${terminalSafe(s)}\n`);
const pct = (v: number | undefined): string => (v === undefined ? '—' : `${Math.round(v)} %`);

function describe(g: GroupView): string {
  const members = g.members.map((m) => `${m.name} ${STATE_WORDS[m.state]}`).join(', ');
  const lines = [
    `${g.tag.padEnd(20)} ${STATE_WORDS[g.state].padEnd(8)} ${g.members.length} member${g.members.length === 1 ? '' : 's'}: ${members}`,
  ];
  if (g.cpu) lines.push(`  CPU mean ${pct(g.cpu.mean)}, p90 ${pct(g.cpu.p90)}, max ${pct(g.cpu.max)}`);
  for (const r of g.reasons) lines.push(`  ${r}`);
  for (const b of g.balance) if (b.worst) lines.push(`  ${b.basis}: ${b.worst.words}`);
  if (g.balancer) {
    const st = g.balancerStatus;
    lines.push(
      `  balancer: ${g.balancer.kind} on ${g.balancer.hostId}${st && !st.ok && st.message ? ` (${st.message})` : ''}`,
    );
  }
  return lines.join('\n');
}

/**
 * `greenboard groups [TAG] [--json]`: every group (every tag on the board), its members' states,
 * its figures from the members' last samples, its raised signals and its balancer.
 */
export async function groupsCommand(args: string[], version: string): Promise<number> {
  const { values: v, positionals: pos } = parse(args, COMMANDS.groups.options, true);
  if (pos.length > 1) throw new UsageError(usage('groups'));
  return withEngine(v['data-dir'], version, async (e) => {
    const list = pos[0] ? [await call(e, 'groups:get', { tag: pos[0] })] : await call(e, 'groups:list', {});
    if (v.json) out(JSON.stringify(list, null, 2));
    else if (list.length === 0)
      out('No groups: a group is a tag, and no host has one (hosts edit NAME --tag T).');
    else for (const g of list) out(describe(g));
    return 0;
  });
}

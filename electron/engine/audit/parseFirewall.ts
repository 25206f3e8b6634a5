// Is anything filtering incoming traffic? Each tool is read on its own (nftables, iptables,
// ufw, firewalld) and any one that filters is enough. A tool that says nothing because we are
// not root keeps the verdict open: the rules it would show may be there.
import type { Finding } from '../../../shared/audit';
import {
  deniedByPermissions,
  firstLine,
  timedOut,
  type HostFacts,
  type Section,
  type Sections,
} from './auditOutput';
import { deniedReason, fail, notChecked, pass, SPECS } from './findings';

export type ToolState = 'absent' | 'denied' | 'error' | 'filtering' | 'open';
export interface ToolVerdict {
  tool: string;
  state: ToolState;
  evidence: string;
}

/** Chains that only ban listed addresses (fail2ban, sshguard, crowdsec) are not a firewall. */
const BAN_CHAIN = /^(f2b-|fail2ban|sshguard|crowdsec)/i;

function unusable(tool: string, s: Section | undefined): ToolVerdict | null {
  if (!s || s.absent) return { tool, state: 'absent', evidence: `${tool}: not installed` };
  if (timedOut(s)) return { tool, state: 'error', evidence: `${tool}: timed out` };
  if (s.rc !== 0 && deniedByPermissions(s.text))
    return { tool, state: 'denied', evidence: `${tool}: ${firstLine(s.text)}` };
  return null;
}

interface NftChain {
  name: string;
  table: string;
  input: boolean;
  drop: boolean;
  rules: number;
  filters: boolean;
}

/** `nft list ruleset`: filtering if a chain on the input hook drops by policy or has a drop, reject or jump rule. */
export function nftVerdict(s: Section | undefined): ToolVerdict {
  const early = unusable('nft', s);
  if (early) return early;
  if (s!.rc !== 0) return { tool: 'nft', state: 'error', evidence: `nft: ${firstLine(s!.text)}` };
  const chains: NftChain[] = [];
  let table = '';
  let chain: NftChain | undefined;
  for (const raw of s!.text.split('\n')) {
    const line = raw.trim();
    const t = /^table (\S+ \S+) \{/.exec(line);
    const c = /^chain (\S+) \{/.exec(line);
    if (t) table = t[1]!;
    else if (c) {
      chain = { name: c[1]!, table, input: false, drop: false, rules: 0, filters: false };
      chains.push(chain);
    } else if (!chain || line === '' || line.startsWith('#')) continue;
    else if (line === '}') chain = undefined;
    else if (/^type filter hook input\b/.test(line)) {
      chain.input = true;
      chain.drop = /policy drop/.test(line);
    } else {
      chain.rules++;
      if (/\b(drop|reject)\b/.test(line) || /\b(jump|goto) (?!f2b-|sshguard|crowdsec)/.test(line))
        chain.filters = true;
    }
  }
  const input = chains.filter((ch) => ch.input);
  const described = input.map(
    (ch) =>
      `table ${ch.table} chain ${ch.name}: policy ${ch.drop ? 'drop' : 'accept'}, ${ch.rules} rule${ch.rules === 1 ? '' : 's'}`,
  );
  return {
    tool: 'nft',
    state: input.some((ch) => ch.drop || ch.filters) ? 'filtering' : 'open',
    evidence: `nft: ${described.length ? described.join('; ') : 'no chain on the input hook'}`,
  };
}

/** `iptables -S INPUT`: filtering if the policy drops or a rule drops, rejects or jumps elsewhere. */
export function iptablesVerdict(s: Section | undefined): ToolVerdict {
  const early = unusable('iptables', s);
  if (early) return early;
  if (s!.rc !== 0) return { tool: 'iptables', state: 'error', evidence: `iptables: ${firstLine(s!.text)}` };
  const lines = s!.text.split('\n').filter((l) => l.startsWith('-'));
  const policy = /^-P INPUT (\S+)/m.exec(s!.text)?.[1] ?? '?';
  const rules = lines.filter((l) => l.startsWith('-A INPUT'));
  const filtering =
    policy === 'DROP' ||
    rules.some((r) => {
      const target = /-j (\S+)/.exec(r)?.[1] ?? '';
      return (
        target === 'DROP' ||
        target === 'REJECT' ||
        (target !== 'ACCEPT' && target !== '' && !BAN_CHAIN.test(target))
      );
    });
  return {
    tool: 'iptables',
    state: filtering ? 'filtering' : 'open',
    evidence: `iptables: INPUT policy ${policy}, ${rules.length} rule${rules.length === 1 ? '' : 's'}`,
  };
}

/** `ufw status`: "Status: active" or "inactive". */
export function ufwVerdict(s: Section | undefined): ToolVerdict {
  const early = unusable('ufw', s);
  if (early) return early;
  const status = /^Status: (\S+)/m.exec(s!.text)?.[1];
  if (status === 'active')
    return {
      tool: 'ufw',
      state: 'filtering',
      evidence: `ufw: ${s!.text.split('\n').slice(0, 6).join(' | ')}`,
    };
  if (status === 'inactive') return { tool: 'ufw', state: 'open', evidence: 'ufw: Status: inactive' };
  return { tool: 'ufw', state: 'error', evidence: `ufw: ${firstLine(s!.text)}` };
}

/** `firewall-cmd --state`: "running" (exit 0) or "not running" (exit 252). */
export function firewalldVerdict(s: Section | undefined): ToolVerdict {
  const early = unusable('firewalld', s);
  if (early) return early;
  const out = firstLine(s!.text);
  if (s!.rc === 0 && out === 'running')
    return { tool: 'firewalld', state: 'filtering', evidence: 'firewalld: running' };
  if (out === 'not running') return { tool: 'firewalld', state: 'open', evidence: 'firewalld: not running' };
  return { tool: 'firewalld', state: 'error', evidence: `firewalld: ${out || `exit ${s!.rc}`}` };
}

export function firewallFinding(sections: Sections, facts: HostFacts): Finding {
  const spec = SPECS.firewall;
  const verdicts = [
    nftVerdict(sections.get('nft')),
    iptablesVerdict(sections.get('iptables')),
    ufwVerdict(sections.get('ufw')),
    firewalldVerdict(sections.get('firewalld')),
  ];
  const shown = verdicts.filter((v) => v.state !== 'absent');
  const evidence = (shown.length ? shown : verdicts).map((v) => v.evidence).join('\n');
  if (verdicts.some((v) => v.state === 'filtering')) return pass(spec, evidence);
  if (verdicts.some((v) => v.state === 'denied')) return notChecked(spec, deniedReason(facts.uid), evidence);
  if (verdicts.some((v) => v.state === 'error'))
    return notChecked(spec, 'the firewall tools answered with errors', evidence);
  const none = 'None of nft, iptables, ufw, firewall-cmd is installed.';
  if (shown.length === 0 && facts.container)
    return notChecked(
      spec,
      'container: the firewall belongs to the host',
      `${none} (in a ${facts.container} container)`,
    );
  return fail(spec, shown.length === 0 ? none : evidence);
}

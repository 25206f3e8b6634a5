import { describe, expect, it } from 'vitest';
import { absent, facts, sec, sections } from './fixtures/sections';
import { firewallFinding, iptablesVerdict, nftVerdict } from './parseFirewall';

const none = [absent('nft'), absent('iptables'), absent('ufw'), absent('firewalld', 'firewall-cmd')];
/** All four tools absent except the ones given. */
function with_(...given: string[]): string[] {
  const names = given.map((g) => /SEC (\S+)/.exec(g)?.[1]);
  return [...none.filter((n) => !names.includes(/SEC (\S+)/.exec(n)?.[1])), ...given];
}
const finding = (secs: string[], f = facts()) => firewallFinding(sections(...secs), f);

const NFT_DROP = `table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		iif "lo" accept
		tcp dport 22 accept
	}
}`;
const NFT_DEBIAN_DEFAULT = `table inet filter {
	chain input {
		type filter hook input priority filter; policy accept;
	}
	chain output {
		type filter hook output priority filter; policy accept;
	}
}`;

describe('firewall', () => {
  it('passes on an nftables input chain with policy drop', () => {
    const f = finding(with_(sec('nft', NFT_DROP)));
    expect(f.status).toBe('pass');
    expect(f.evidence).toBe('nft: table inet filter chain input: policy drop, 3 rules');
  });

  it('fails on Debian’s default nftables ruleset, which accepts everything', () => {
    expect(finding(with_(sec('nft', NFT_DEBIAN_DEFAULT)))).toMatchObject({
      status: 'fail',
      severity: 'high',
      evidence: 'nft: table inet filter chain input: policy accept, 0 rules',
    });
    expect(nftVerdict(sections(sec('nft', '')).get('nft')).evidence).toBe('nft: no chain on the input hook');
  });

  it('reads iptables: a DROP policy filters, fail2ban’s ban chain alone does not', () => {
    expect(iptablesVerdict(sections(sec('iptables', '-P INPUT DROP')).get('iptables')).state).toBe(
      'filtering',
    );
    const f2bOnly = '-P INPUT ACCEPT\n-A INPUT -p tcp -m multiport --dports 22 -j f2b-sshd';
    expect(finding(with_(sec('iptables', f2bOnly))).status).toBe('fail');
    const ufwChains = '-P INPUT DROP\n-A INPUT -j ufw-before-logging-input\n-A INPUT -j ufw-before-input';
    expect(finding(with_(sec('iptables', ufwChains))).evidence).toBe('iptables: INPUT policy DROP, 2 rules');
  });

  it('reads ufw and firewalld both ways', () => {
    expect(finding(with_(sec('ufw', 'Status: active\n\nTo Action From\n22/tcp ALLOW Anywhere'))).status).toBe(
      'pass',
    );
    expect(finding(with_(sec('ufw', 'Status: inactive'))).status).toBe('fail');
    expect(finding(with_(sec('firewalld', 'running'))).status).toBe('pass');
    expect(finding(with_(sec('firewalld', 'not running', 252)))).toMatchObject({
      status: 'fail',
      evidence: 'firewalld: not running',
    });
  });

  it('does not fail when the tools that could show rules need root', () => {
    const f = finding(
      with_(
        sec('nft', 'Error: Could not process rule: Operation not permitted', 1),
        sec(
          'iptables',
          'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)',
          4,
        ),
        sec('ufw', 'Status: inactive'),
      ),
      facts({ uid: 1000 }),
    );
    expect(f).toMatchObject({ status: 'not_checked', reason: 'needs root' });
    expect(f.evidence).toContain('ufw: Status: inactive');
  });

  it('fails when no firewall tool is installed, except in a container, whose firewall is the host’s', () => {
    expect(finding(none)).toMatchObject({ status: 'fail', evidence: expect.stringMatching(/None of nft/) });
    expect(finding(none, facts({ container: 'docker' }))).toMatchObject({
      status: 'not_checked',
      reason: 'container: the firewall belongs to the host',
    });
  });

  it('keeps the verdict open when a tool timed out', () => {
    expect(finding(with_(sec('nft', '', 124))).status).toBe('not_checked');
  });
});

// Services seen from outside: a brute-force ban service, and time synchronisation. Both fall
// back on the process list (/proc/N/comm, readable by anyone unless /proc is mounted hidepid),
// which needs neither root nor systemd.
import type { Finding } from '../../../shared/audit';
import { deniedByPermissions, firstLine, type HostFacts, type Section, type Sections } from './auditOutput';
import { fail, notChecked, pass, SPECS } from './findings';

const BAN_DAEMONS = ['fail2ban-server', 'crowdsec', 'sshguard'];
/** systemd-timesyncd's comm is cut to 15 characters by the kernel. */
const TIME_DAEMONS = ['chronyd', 'ntpd', 'openntpd', 'ntpsec', 'systemd-timesyn'];

function processes(sections: Sections): string[] {
  return (sections.get('procs')?.text ?? '').split('\n').filter(Boolean);
}

const ran = (s: Section | undefined): s is Section => s !== undefined && !s.absent;

/** ssh.ban-service */
export function banServiceFinding(sections: Sections, facts: HostFacts): Finding {
  const spec = SPECS.banService;
  const f2b = sections.get('fail2ban');
  if (ran(f2b) && f2b.rc === 0) {
    const jails = /Jail list:\s*(.*)$/m.exec(f2b.text)?.[1]?.trim() ?? '';
    if (/ssh/i.test(jails)) return pass(spec, `fail2ban-client status: Jail list: ${jails}`);
    return fail(spec, `fail2ban runs but has no SSH jail (jails: ${jails || 'none'}).`, {
      fix: 'Enable the sshd jail: add `[sshd]` with `enabled = true` to /etc/fail2ban/jail.local and run `systemctl reload fail2ban`.',
    });
  }
  const running = processes(sections).filter((p) => BAN_DAEMONS.includes(p));
  const f2bSaid = ran(f2b) ? ` (fail2ban-client: ${firstLine(f2b.text)})` : '';
  if (running.length) return pass(spec, `Running: ${running.join(', ')}${f2bSaid}.`);
  if (facts.procHidden)
    return notChecked(
      spec,
      'needs root',
      `The process list is hidden from this user (/proc hidepid)${f2bSaid}.`,
    );
  return fail(spec, `No fail2ban, crowdsec or sshguard process is running${f2bSaid}.`);
}

type Sync = 'synced' | 'unsynced' | null;

/** timedatectl status: "System clock synchronized: yes" (systemd 239+) or "NTP synchronized: yes". */
export function timedatectlSync(s: Section | undefined): { sync: Sync; evidence: string } {
  if (!ran(s) || s.rc !== 0) return { sync: null, evidence: '' };
  const m = /^\s*(System clock synchronized|NTP synchronized): (yes|no)/m.exec(s.text);
  if (!m) return { sync: null, evidence: '' };
  const service = /^\s*(NTP service|NTP enabled|Network time on): (\S+)/m.exec(s.text);
  return {
    sync: m[2] === 'yes' ? 'synced' : 'unsynced',
    evidence: `timedatectl: ${m[1]}: ${m[2]}${service ? `, ${service[1]}: ${service[2]}` : ''}`,
  };
}

/** chronyc tracking: "Leap status : Normal" when synchronised, "Not synchronised" when not. */
export function chronySync(s: Section | undefined): { sync: Sync; evidence: string } {
  if (!ran(s) || s.rc !== 0) return { sync: null, evidence: '' };
  const leap = /^Leap status\s*:\s*(.+)$/m.exec(s.text)?.[1]?.trim();
  if (!leap) return { sync: null, evidence: '' };
  const ref = /^Reference ID\s*:\s*(.+)$/m.exec(s.text)?.[1]?.trim() ?? '?';
  return {
    sync: /not synchronised/i.test(leap) ? 'unsynced' : 'synced',
    evidence: `chronyc tracking: Leap status ${leap}, Reference ID ${ref}`,
  };
}

/** ntpq -pn: a peer line starting with "*" is the one the clock follows. */
export function ntpqSync(s: Section | undefined): { sync: Sync; evidence: string } {
  if (!ran(s) || s.rc !== 0 || !/^=+$/m.test(s.text)) return { sync: null, evidence: '' };
  const sys = s.text.split('\n').find((l) => l.startsWith('*'));
  return sys
    ? { sync: 'synced', evidence: `ntpq -pn: system peer ${sys.trim().split(/\s+/)[0]!.slice(1)}` }
    : { sync: 'unsynced', evidence: 'ntpq -pn: no system peer (no line starts with "*")' };
}

/** time.synchronised */
export function timeSyncFinding(sections: Sections, facts: HostFacts): Finding {
  const spec = SPECS.timeSync;
  const reads = [
    timedatectlSync(sections.get('timedatectl')),
    chronySync(sections.get('chronyc')),
    ntpqSync(sections.get('ntpq')),
  ].filter((r) => r.sync !== null);
  const evidence = reads.map((r) => r.evidence).join('; ');
  if (reads.some((r) => r.sync === 'synced')) return pass(spec, evidence);
  if (reads.length) return fail(spec, evidence);
  const daemons = processes(sections).filter((p) => TIME_DAEMONS.includes(p));
  // BusyBox ntpd and OpenNTPD report no sync state we can read without root; running is as far as we see.
  if (daemons.length)
    return pass(spec, `Running: ${daemons.join(', ')} (its synchronisation state is not readable here).`);
  if (facts.container)
    return notChecked(spec, 'container: the clock belongs to the host', `In a ${facts.container} container.`);
  if (facts.procHidden)
    return notChecked(spec, 'needs root', 'The process list is hidden from this user (/proc hidepid).');
  const t = sections.get('timedatectl');
  const said = ran(t) && t.rc !== 0 ? ` timedatectl: ${firstLine(t.text)}` : '';
  const denied = ran(t) && deniedByPermissions(t.text);
  if (denied) return notChecked(spec, 'needs root', said.trim());
  return fail(spec, `No synchronisation daemon (systemd-timesyncd, chronyd, ntpd) is running.${said}`);
}

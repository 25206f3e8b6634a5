import type { Finding, Severity } from '../../../shared/audit';

/** What a finding is, before it is judged on a host. */
export interface FindingSpec {
  id: string;
  /** The statement a pass makes true: "SSH: password logins are off". */
  passTitle: string;
  /** Its opposite, what a fail means: "SSH: password logins are allowed". */
  failTitle: string;
  /** The severity of a fail. Some parsers raise or lower it by what they saw, and say so. */
  severity: Severity;
  /** The generic fix; a parser may give a more precise one (the file to edit). */
  fix: string;
}

const RELOAD_SSHD =
  'then reload sshd (`systemctl reload ssh` on Debian/Ubuntu, `systemctl reload sshd` elsewhere)';

/**
 * Every finding the audit reports, in report order. Severity choices:
 * - critical: a second UID 0 account or an empty password is a way in with no secret at all.
 * - high: password logins (brute-force target), no firewall, security updates pending.
 * - medium: keyboard-interactive auth (passwords through PAM), failed-login storms, no ban
 *   service, pending reboot, unexpected open ports, clock not synchronised (breaks TLS, logs).
 * - low: hardening beyond the defaults (MaxAuthTries, X11 forwarding, root by key, other updates).
 *   PermitRootLogin yes (root by password) is raised to high.
 */
export const SPECS = {
  permitRootLogin: {
    id: 'ssh.permit-root-login',
    passTitle: 'SSH: root cannot log in directly',
    failTitle: 'SSH: root can log in directly',
    severity: 'low',
    fix: `Set \`PermitRootLogin no\` and log in as a named user with sudo; ${RELOAD_SSHD}.`,
  },
  passwordAuth: {
    id: 'ssh.password-authentication',
    passTitle: 'SSH: password logins are off',
    failTitle: 'SSH: password logins are allowed',
    severity: 'high',
    fix: `Install your public key (\`ssh-copy-id\`), set \`PasswordAuthentication no\`; ${RELOAD_SSHD}.`,
  },
  kbdInteractive: {
    id: 'ssh.kbd-interactive-authentication',
    passTitle: 'SSH: keyboard-interactive logins are off',
    failTitle: 'SSH: keyboard-interactive logins are allowed',
    severity: 'medium',
    fix: `Set \`KbdInteractiveAuthentication no\` (on OpenSSH before 8.7: \`ChallengeResponseAuthentication no\`); ${RELOAD_SSHD}.`,
  },
  maxAuthTries: {
    id: 'ssh.max-auth-tries',
    passTitle: 'SSH: at most 4 authentication attempts per connection',
    failTitle: 'SSH: more than 4 authentication attempts per connection',
    severity: 'low',
    fix: `Set \`MaxAuthTries 4\` (or fewer); ${RELOAD_SSHD}.`,
  },
  x11Forwarding: {
    id: 'ssh.x11-forwarding',
    passTitle: 'SSH: X11 forwarding is off',
    failTitle: 'SSH: X11 forwarding is on',
    severity: 'low',
    fix: `Set \`X11Forwarding no\` unless someone runs graphical programs over SSH; ${RELOAD_SSHD}.`,
  },
  firewall: {
    id: 'firewall.active',
    passTitle: 'A firewall filters incoming traffic',
    failTitle: 'No firewall filters incoming traffic',
    severity: 'high',
    fix: 'Enable a firewall that drops what is not allowed: `ufw allow OpenSSH && ufw enable` (Debian/Ubuntu), `systemctl enable --now firewalld` (RHEL-like), or an nftables ruleset with an input chain `policy drop`.',
  },
  updates: {
    id: 'updates.pending',
    passTitle: 'No package updates pending',
    failTitle: 'Package updates are pending',
    severity: 'low',
    fix: 'Install the updates: `apt update && apt upgrade` or `dnf upgrade`.',
  },
  securityUpdates: {
    id: 'updates.security',
    passTitle: 'No security updates pending',
    failTitle: 'Security updates are pending',
    severity: 'high',
    fix: 'Install them now: `apt update && apt upgrade` (and enable unattended-upgrades) or `dnf upgrade --security` (and enable dnf-automatic).',
  },
  reboot: {
    id: 'system.reboot-required',
    passTitle: 'No reboot pending',
    failTitle: 'A reboot is pending',
    severity: 'medium',
    fix: 'Reboot at a quiet moment so the updated kernel and libraries are the ones running.',
  },
  ports: {
    id: 'network.listening-ports',
    passTitle: 'Only allowed TCP ports listen on the network',
    failTitle: 'TCP ports outside the allowlist listen on the network',
    severity: 'medium',
    fix: 'Stop or rebind (to 127.0.0.1) the services you did not mean to expose, firewall them, or add the port to the allowlist of this host.',
  },
  uid0: {
    id: 'accounts.uid0',
    passTitle: 'Only root has UID 0',
    failTitle: 'An account other than root has UID 0',
    severity: 'critical',
    fix: 'Give the extra account its own UID (`usermod -u NEW_UID NAME`) or delete it (`userdel NAME`); find out who created it.',
  },
  emptyPassword: {
    id: 'accounts.empty-password',
    passTitle: 'No account has an empty password',
    failTitle: 'An account has an empty password',
    severity: 'critical',
    fix: 'Lock the account (`passwd -l NAME`) or give it a password (`passwd NAME`).',
  },
  failedLogins: {
    id: 'ssh.failed-logins',
    passTitle: 'Few failed SSH logins in the last 24 h',
    failTitle: 'Many failed SSH logins in the last 24 h',
    severity: 'medium',
    fix: 'Turn off password logins (`PasswordAuthentication no`), ban repeat offenders (fail2ban), and restrict port 22 to known addresses in the firewall.',
  },
  banService: {
    id: 'ssh.ban-service',
    passTitle: 'fail2ban (or crowdsec, sshguard) bans brute-force sources',
    failTitle: 'No ban service (fail2ban, crowdsec, sshguard) stops brute-force sources',
    severity: 'medium',
    fix: 'Install fail2ban with its sshd jail: `apt install fail2ban` / `dnf install fail2ban` and `systemctl enable --now fail2ban`.',
  },
  timeSync: {
    id: 'time.synchronised',
    passTitle: 'The clock is synchronised (NTP)',
    failTitle: 'The clock is not synchronised (NTP)',
    severity: 'medium',
    fix: 'Enable time synchronisation: `timedatectl set-ntp true` (systemd-timesyncd), or install chrony (`systemctl enable --now chronyd`).',
  },
} as const satisfies Record<string, FindingSpec>;

interface Override {
  severity?: Severity;
  fix?: string;
}

const titles = (spec: FindingSpec) => ({ passTitle: spec.passTitle, failTitle: spec.failTitle });

export function pass(spec: FindingSpec, evidence: string): Finding {
  return {
    id: spec.id,
    title: spec.passTitle,
    ...titles(spec),
    severity: spec.severity,
    status: 'pass',
    evidence,
    fix: spec.fix,
  };
}

export function fail(spec: FindingSpec, evidence: string, o: Override = {}): Finding {
  return {
    id: spec.id,
    title: spec.failTitle,
    ...titles(spec),
    severity: o.severity ?? spec.severity,
    status: 'fail',
    evidence,
    fix: o.fix ?? spec.fix,
  };
}

/**
 * Not seen: `reason` says why in a few words ("needs root"); `evidence` what was seen instead.
 * Titled with the pass statement: it names what was to be checked, and the group says it was not.
 */
export function notChecked(spec: FindingSpec, reason: string, evidence = ''): Finding {
  return {
    id: spec.id,
    title: spec.passTitle,
    ...titles(spec),
    severity: spec.severity,
    status: 'not_checked',
    evidence,
    fix: spec.fix,
    reason,
  };
}

const BY_ID: ReadonlyMap<string, FindingSpec> = new Map(Object.values(SPECS).map((s) => [s.id, s]));

/**
 * A kept report's finding with both titles and the headline for its status. Reports kept before
 * titles were split hold only the pass statement in `title`, even for a fail; the current spec
 * of the same id supplies the rest. A finding of an id no longer audited is returned as it is.
 */
export function withTitles(f: Finding): Finding {
  if (f.passTitle !== undefined && f.failTitle !== undefined) return f;
  const spec = BY_ID.get(f.id);
  if (!spec) return f;
  return { ...f, title: f.status === 'fail' ? spec.failTitle : spec.passTitle, ...titles(spec) };
}

/** "needs root" when the audit ran as a user, else the tool's own words. */
export function deniedReason(uid: number | null): string {
  return uid === 0 ? 'permission denied even as root' : 'needs root';
}

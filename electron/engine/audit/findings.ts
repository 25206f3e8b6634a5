import type { Finding, Severity } from '../../../shared/audit';

/** What a finding is, before it is judged on a host. */
export interface FindingSpec {
  id: string;
  title: string;
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
    title: 'SSH: root cannot log in directly',
    severity: 'low',
    fix: `Set \`PermitRootLogin no\` and log in as a named user with sudo; ${RELOAD_SSHD}.`,
  },
  passwordAuth: {
    id: 'ssh.password-authentication',
    title: 'SSH: password logins are off',
    severity: 'high',
    fix: `Install your public key (\`ssh-copy-id\`), set \`PasswordAuthentication no\`; ${RELOAD_SSHD}.`,
  },
  kbdInteractive: {
    id: 'ssh.kbd-interactive-authentication',
    title: 'SSH: keyboard-interactive logins are off',
    severity: 'medium',
    fix: `Set \`KbdInteractiveAuthentication no\` (on OpenSSH before 8.7: \`ChallengeResponseAuthentication no\`); ${RELOAD_SSHD}.`,
  },
  maxAuthTries: {
    id: 'ssh.max-auth-tries',
    title: 'SSH: at most 4 authentication attempts per connection',
    severity: 'low',
    fix: `Set \`MaxAuthTries 4\` (or fewer); ${RELOAD_SSHD}.`,
  },
  x11Forwarding: {
    id: 'ssh.x11-forwarding',
    title: 'SSH: X11 forwarding is off',
    severity: 'low',
    fix: `Set \`X11Forwarding no\` unless someone runs graphical programs over SSH; ${RELOAD_SSHD}.`,
  },
  firewall: {
    id: 'firewall.active',
    title: 'A firewall filters incoming traffic',
    severity: 'high',
    fix: 'Enable a firewall that drops what is not allowed: `ufw allow OpenSSH && ufw enable` (Debian/Ubuntu), `systemctl enable --now firewalld` (RHEL-like), or an nftables ruleset with an input chain `policy drop`.',
  },
  updates: {
    id: 'updates.pending',
    title: 'No package updates pending',
    severity: 'low',
    fix: 'Install the updates: `apt update && apt upgrade` or `dnf upgrade`.',
  },
  securityUpdates: {
    id: 'updates.security',
    title: 'No security updates pending',
    severity: 'high',
    fix: 'Install them now: `apt update && apt upgrade` (and enable unattended-upgrades) or `dnf upgrade --security` (and enable dnf-automatic).',
  },
  reboot: {
    id: 'system.reboot-required',
    title: 'No reboot pending',
    severity: 'medium',
    fix: 'Reboot at a quiet moment so the updated kernel and libraries are the ones running.',
  },
  ports: {
    id: 'network.listening-ports',
    title: 'Only allowed TCP ports listen on the network',
    severity: 'medium',
    fix: 'Stop or rebind (to 127.0.0.1) the services you did not mean to expose, firewall them, or add the port to the allowlist of this host.',
  },
  uid0: {
    id: 'accounts.uid0',
    title: 'Only root has UID 0',
    severity: 'critical',
    fix: 'Give the extra account its own UID (`usermod -u NEW_UID NAME`) or delete it (`userdel NAME`); find out who created it.',
  },
  emptyPassword: {
    id: 'accounts.empty-password',
    title: 'No account has an empty password',
    severity: 'critical',
    fix: 'Lock the account (`passwd -l NAME`) or give it a password (`passwd NAME`).',
  },
  failedLogins: {
    id: 'ssh.failed-logins',
    title: 'Few failed SSH logins in the last 24 h',
    severity: 'medium',
    fix: 'Turn off password logins (`PasswordAuthentication no`), ban repeat offenders (fail2ban), and restrict port 22 to known addresses in the firewall.',
  },
  banService: {
    id: 'ssh.ban-service',
    title: 'fail2ban (or crowdsec, sshguard) bans brute-force sources',
    severity: 'medium',
    fix: 'Install fail2ban with its sshd jail: `apt install fail2ban` / `dnf install fail2ban` and `systemctl enable --now fail2ban`.',
  },
  timeSync: {
    id: 'time.synchronised',
    title: 'The clock is synchronised (NTP)',
    severity: 'medium',
    fix: 'Enable time synchronisation: `timedatectl set-ntp true` (systemd-timesyncd), or install chrony (`systemctl enable --now chronyd`).',
  },
} as const satisfies Record<string, FindingSpec>;

interface Override {
  severity?: Severity;
  fix?: string;
}

export function pass(spec: FindingSpec, evidence: string): Finding {
  return { id: spec.id, title: spec.title, severity: spec.severity, status: 'pass', evidence, fix: spec.fix };
}

export function fail(spec: FindingSpec, evidence: string, o: Override = {}): Finding {
  return {
    id: spec.id,
    title: spec.title,
    severity: o.severity ?? spec.severity,
    status: 'fail',
    evidence,
    fix: o.fix ?? spec.fix,
  };
}

/** Not seen: `reason` says why in a few words ("needs root"); `evidence` what was seen instead. */
export function notChecked(spec: FindingSpec, reason: string, evidence = ''): Finding {
  return {
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    status: 'not_checked',
    evidence,
    fix: spec.fix,
    reason,
  };
}

/** "needs root" when the audit ran as a user, else the tool's own words. */
export function deniedReason(uid: number | null): string {
  return uid === 0 ? 'permission denied even as root' : 'needs root';
}

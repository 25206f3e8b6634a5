// Pending updates from the package manager's local metadata (no download: apt reads its lists,
// dnf/yum run with -C), and whether a reboot is pending.
import type { Finding } from '../../../shared/audit';
import {
  deniedByPermissions,
  firstLine,
  keyValues,
  timedOut,
  type HostFacts,
  type Section,
  type Sections,
} from './auditOutput';
import { fail, notChecked, pass, SPECS } from './findings';

export interface Pending {
  names: string[];
  security: string[];
  /** The list was cut at MAX_SECTION_LINES: the counts are lower bounds. */
  truncated: boolean;
}

/** `apt list --upgradable`: "name/suite[,suite] version arch [upgradable from: old]". */
export function parseAptList(text: string): Omit<Pending, 'truncated'> {
  const names: string[] = [];
  const security: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^([^/\s]+)\/(\S+)\s+\S+\s+\S+\s+\[upgradable from/.exec(line);
    if (!m) continue;
    names.push(m[1]!);
    if (m[2]!.split(',').some((suite) => suite.endsWith('-security'))) security.push(m[1]!);
  }
  return { names, security };
}

/** `apt-get -s upgrade`: "Inst name [old] (new Origin:version/suite, ... [arch])". */
export function parseAptGetSim(text: string): Omit<Pending, 'truncated'> {
  const names: string[] = [];
  const security: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^Inst (\S+) .*\((.*)\)/.exec(line);
    if (!m) continue;
    names.push(m[1]!);
    if (/-security\b|Security:/i.test(m[2]!)) security.push(m[1]!);
  }
  return { names, security };
}

/** `dnf/yum check-update`: "name.arch  version  repo" rows, up to the "Obsoleting Packages" block. */
export function parseCheckUpdate(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    if (/^Obsoleting Packages/i.test(line)) break;
    const m = /^(\S+)\.(\S+)\s+(\S*\d\S*)\s+(\S+)\s*$/.exec(line);
    if (m && !/^(Last|Security:|Error)/.test(line)) names.push(m[1]!);
  }
  return names;
}

const list = (names: string[], max = 8): string =>
  names.slice(0, max).join(', ') + (names.length > max ? `, … (${names.length - max} more)` : '');

type Reading =
  | { ok: true; pending: Pending; source: string; note: string }
  | { ok: false; finding: string; reason: string };

function readApt(sections: Sections, facts: HostFacts): Reading | null {
  const apt = sections.get('apt');
  const aptGet = sections.get('apt-get');
  const s = apt && !apt.absent ? apt : aptGet && !aptGet.absent ? aptGet : null;
  if (!s) return null;
  const lists = keyValues(sections.get('apt-lists')?.text ?? '');
  if (!lists.get('packages'))
    return {
      ok: false,
      reason: 'no apt package lists',
      finding: '/var/lib/apt/lists holds no package lists: run `apt update`.',
    };
  if (timedOut(s)) return { ok: false, reason: 'timed out', finding: `${s.name} timed out` };
  if (s.rc !== 0) return { ok: false, reason: 'apt failed', finding: `${s.name}: ${firstLine(s.text)}` };
  const parsed = s === apt ? parseAptList(s.text) : parseAptGetSim(s.text);
  const updated = Number(lists.get('updated'));
  const days = facts.now && updated ? Math.floor((facts.now - updated) / 86400) : null;
  const note =
    days === null
      ? ''
      : days >= 7
        ? ` Package lists last refreshed ${days} days ago: run \`apt update\` for a current count.`
        : ` Package lists refreshed ${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`}.`;
  return { ok: true, pending: { ...parsed, truncated: s.truncated }, source: s.name, note };
}

function readDnf(all: Section | undefined, sec: Section | undefined, facts: HostFacts): Reading | null {
  if (!all || all.absent) return null;
  const tool = all.name;
  const bad = (s: Section): Reading | null => {
    if (timedOut(s)) return { ok: false, reason: 'timed out', finding: `${tool} timed out` };
    if (s.rc === 0 || s.rc === 100) return null;
    // As a user dnf keeps its own, empty cache; -C then has nothing to read.
    const noCache = /cache/i.test(s.text) || deniedByPermissions(s.text);
    const reason = noCache && facts.uid !== 0 ? 'needs root' : `${tool} failed`;
    return { ok: false, reason, finding: `${tool} -C check-update: ${firstLine(s.text) || `exit ${s.rc}`}` };
  };
  const err = bad(all) ?? (sec && !sec.absent ? bad(sec) : null);
  if (err) return err;
  const names = all.rc === 100 ? parseCheckUpdate(all.text) : [];
  const security = sec?.rc === 100 ? parseCheckUpdate(sec.text) : [];
  return { ok: true, pending: { names, security, truncated: all.truncated }, source: tool, note: '' };
}

/** updates.pending and updates.security. */
export function updateFindings(sections: Sections, facts: HostFacts): Finding[] {
  const r =
    readApt(sections, facts) ??
    readDnf(sections.get('dnf'), sections.get('dnf-security'), facts) ??
    readDnf(sections.get('yum'), sections.get('yum-security'), facts);
  if (!r)
    return [
      notChecked(SPECS.updates, 'no apt or dnf', 'Neither apt, dnf nor yum is installed.'),
      notChecked(SPECS.securityUpdates, 'no apt or dnf', 'Neither apt, dnf nor yum is installed.'),
    ];
  if (!r.ok)
    return [
      notChecked(SPECS.updates, r.reason, r.finding),
      notChecked(SPECS.securityUpdates, r.reason, r.finding),
    ];
  const { names, security, truncated } = r.pending;
  const atLeast = truncated ? 'at least ' : '';
  const all =
    names.length === 0
      ? pass(SPECS.updates, `${r.source}: no updates pending.${r.note}`)
      : fail(
          SPECS.updates,
          `${r.source}: ${atLeast}${names.length} update${names.length === 1 ? '' : 's'} pending: ${list(names)}.${r.note}`,
        );
  const sec =
    security.length === 0
      ? pass(SPECS.securityUpdates, `${r.source}: no security updates pending.${r.note}`)
      : fail(
          SPECS.securityUpdates,
          `${r.source}: ${atLeast}${security.length} security update${security.length === 1 ? '' : 's'} pending: ${list(security)}.${r.note}`,
        );
  return [all, sec];
}

/** Numeric fields of a kernel release, and its shape with the numbers taken out ("#-#-amd#"). */
function kernelKey(release: string): { nums: number[]; shape: string } {
  return { nums: (release.match(/\d+/g) ?? []).map(Number), shape: release.replace(/[\d.]+/g, '#') };
}

function newer(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

/**
 * system.reboot-required. Signals, strongest first: Debian/Ubuntu's /var/run/reboot-required,
 * `needs-restarting -r` (RHEL-like; exit 1 = reboot needed), and anywhere a newer kernel of the
 * same flavour installed in /lib/modules than the one running (or the running one's modules
 * gone, as Alpine and Arch remove them on upgrade).
 */
export function rebootFinding(sections: Sections, facts: HostFacts): Finding {
  const spec = SPECS.reboot;
  const text = sections.get('reboot')?.text ?? '';
  const lines = text.split('\n');
  const pkgs = lines.filter((l) => l.startsWith('pkg=')).map((l) => l.slice(4));
  const modules = lines.filter((l) => l.startsWith('modules=')).map((l) => l.slice(8));
  if (lines.includes('flag=1'))
    return fail(spec, `/var/run/reboot-required exists${pkgs.length ? ` (for ${list(pkgs)})` : ''}.`);
  const nr = sections.get('needs-restarting');
  if (nr && !nr.absent && nr.rc === 1) return fail(spec, `needs-restarting -r: ${firstLine(nr.text)}`);
  const running = kernelKey(facts.kernel);
  const newest = modules
    .filter((m) => kernelKey(m).shape === running.shape && newer(kernelKey(m).nums, running.nums))
    .sort((a, b) => (newer(kernelKey(a).nums, kernelKey(b).nums) ? -1 : 1))[0];
  if (newest) return fail(spec, `Kernel ${newest} is installed but ${facts.kernel} is running.`);
  if (modules.length > 0 && !modules.includes(facts.kernel))
    return fail(
      spec,
      `The running kernel ${facts.kernel} has no modules in /lib/modules (installed: ${list(modules)}): it was upgraded.`,
    );
  const checked: string[] = [];
  if (nr && !nr.absent && nr.rc === 0) checked.push('needs-restarting -r: no reboot needed');
  if (modules.length > 0) checked.push(`running kernel ${facts.kernel} is the newest in /lib/modules`);
  const apt = sections.get('apt') ?? sections.get('apt-get');
  if (apt && !apt.absent) checked.push('no /var/run/reboot-required');
  if (checked.length === 0)
    return notChecked(
      spec,
      'no reboot-required signal on this system',
      `Running kernel ${facts.kernel}; no /lib/modules, no needs-restarting, no apt.`,
    );
  return pass(spec, `${checked.join('; ')}.`);
}

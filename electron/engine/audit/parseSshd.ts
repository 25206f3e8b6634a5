// sshd settings: `sshd -T` (sshd's own view, needs root to read the host keys) first, else the
// config files. File semantics follow sshd_config(5) and servconf.c: keywords are
// case-insensitive, the first value obtained wins, Include takes globs (relative to /etc/ssh,
// expanded in lexical order) and is processed where it stands, and a Match block applies to
// the rest of its file only. Settings inside Match blocks are conditional, so they are left out
// of the global values here, as `sshd -T` without `-C` leaves them out.
// https://man.openbsd.org/sshd_config
import type { Finding } from '../../../shared/audit';
import { firstLine, timedOut, type HostFacts, type Part, type Sections } from './auditOutput';
import { deniedReason, fail, notChecked, pass, SPECS, type FindingSpec } from './findings';
import { describeSource, runningSshd, type SshdSource } from './runningSshd';

export const SSHD_KEYS = [
  'permitrootlogin',
  'passwordauthentication',
  'kbdinteractiveauthentication',
  'maxauthtries',
  'x11forwarding',
] as const;
export type SshdKey = (typeof SSHD_KEYS)[number];

const KEYWORD: Record<SshdKey, string> = {
  permitrootlogin: 'PermitRootLogin',
  passwordauthentication: 'PasswordAuthentication',
  kbdinteractiveauthentication: 'KbdInteractiveAuthentication',
  maxauthtries: 'MaxAuthTries',
  x11forwarding: 'X11Forwarding',
};

/** OpenSSH's compiled-in defaults (upstream 7.0 and later), used where no file sets a value. */
export const SSHD_DEFAULTS: Record<SshdKey, string> = {
  permitrootlogin: 'prohibit-password',
  passwordauthentication: 'yes',
  kbdinteractiveauthentication: 'yes',
  maxauthtries: '6',
  x11forwarding: 'no',
};

/** ChallengeResponseAuthentication is the pre-8.7 name, an alias since. */
const ALIASES: Record<string, SshdKey> = { challengeresponseauthentication: 'kbdinteractiveauthentication' };

const isKey = (k: string): k is SshdKey => (SSHD_KEYS as readonly string[]).includes(k);

/** `without-password` is the old spelling of `prohibit-password`; sshd -T still prints it. */
export function normaliseSshdValue(key: SshdKey, value: string): string {
  const v = value.toLowerCase();
  return key === 'permitrootlogin' && v === 'without-password' ? 'prohibit-password' : v;
}

/** The audited keys from `sshd -T` output; empty if it printed none (an error). */
export function parseSshdT(text: string): Map<SshdKey, string> {
  const out = new Map<SshdKey, string>();
  let challenge: string | undefined;
  for (const line of text.split('\n')) {
    const [k = '', v] = line.trim().split(/\s+/);
    if (v === undefined) continue;
    if (k === 'challengeresponseauthentication') challenge = v.toLowerCase();
    else if (isKey(k) && !out.has(k)) out.set(k, normaliseSshdValue(k, v));
  }
  // Before 8.7 both options existed and PAM passwords needed both on.
  const kbd = out.get('kbdinteractiveauthentication');
  if (challenge !== undefined) out.set('kbdinteractiveauthentication', kbd === 'no' ? 'no' : challenge);
  return out;
}

/** A setting read from the config files: its value and where, or why it is unknown. */
export interface SshdSetting {
  /** null: an unreadable file comes before any value and may set it. */
  value: string | null;
  /** "FILE line N", "default", or the unreadable file. */
  source: string;
}

/** A config line (or an `-o` argument): keyword, then `=` or blanks, then its arguments. */
const LINE = /^\s*([A-Za-z0-9]+)(?:\s*=\s*|\s+)(.*)$/;

/** The source of a setting given with `-o` when sshd was started. */
const COMMAND_LINE = 'the sshd command line';

function words(rest: string): string[] {
  const out: string[] = [];
  for (const w of rest.match(/"[^"]*"|\S+/g) ?? []) {
    if (w.startsWith('#')) break;
    out.push(w.replace(/^"(.*)"$/, '$1'));
  }
  return out;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[' && glob.indexOf(']', i + 1) > i) {
      const close = glob.indexOf(']', i + 1);
      re += `[${glob
        .slice(i + 1, close)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Global values of the audited keys from the files the script sent, as sshd would read them.
 * `options` are the daemon's `-o` arguments: sshd applies them before its files, so they win.
 */
export function parseSshdConfig(
  parts: readonly Part[],
  mainPath: string,
  options: readonly string[] = [],
): Map<SshdKey, SshdSetting> {
  const byName = new Map(parts.map((p) => [p.name, p]));
  const found = new Map<SshdKey, SshdSetting>();
  for (const o of options) {
    const m = LINE.exec(o);
    const key = m ? (ALIASES[m[1]!.toLowerCase()] ?? m[1]!.toLowerCase()) : '';
    const value = m ? words(m[2]!)[0] : undefined;
    if (isKey(key) && !found.has(key) && value !== undefined)
      found.set(key, { value: normaliseSshdValue(key, value), source: `${COMMAND_LINE}: -o ${o}` });
  }
  const blockAll = (path: string): void => {
    for (const k of SSHD_KEYS) if (!found.has(k)) found.set(k, { value: null, source: path });
  };
  const visit = (path: string, active: boolean, depth: number): void => {
    const part = byName.get(path);
    if (depth > 16 || !part || part.state === 'missing') return;
    if (part.state === 'unreadable') {
      if (active) blockAll(path);
      return;
    }
    let act = active;
    part.text.split('\n').forEach((raw, i) => {
      const m = LINE.exec(raw);
      if (!m || raw.trimStart().startsWith('#')) return;
      const kw = m[1]!.toLowerCase();
      const args = words(m[2]!);
      if (kw === 'match') act = false;
      else if (kw === 'include') {
        for (const arg of args) {
          const pattern = arg.startsWith('/') ? arg : `/etc/ssh/${arg}`;
          if (byName.get(pattern)?.state === 'unreadable' && /[*?[]/.test(pattern)) {
            if (act) blockAll(pattern);
            continue;
          }
          const re = globToRegExp(pattern);
          const files = [...byName.keys()].filter((n) => re.test(n)).sort();
          for (const f of files) visit(f, act, depth + 1);
        }
      } else {
        const key = ALIASES[kw] ?? kw;
        if (act && isKey(key) && !found.has(key) && args[0] !== undefined)
          found.set(key, { value: normaliseSshdValue(key, args[0]), source: `${path} line ${i + 1}` });
      }
    });
  };
  visit(mainPath, true, 0);
  for (const k of SSHD_KEYS) if (!found.has(k)) found.set(k, { value: SSHD_DEFAULTS[k], source: 'default' });
  return found;
}

const SPEC_OF: Record<SshdKey, FindingSpec> = {
  permitrootlogin: SPECS.permitRootLogin,
  passwordauthentication: SPECS.passwordAuth,
  kbdinteractiveauthentication: SPECS.kbdInteractive,
  maxauthtries: SPECS.maxAuthTries,
  x11forwarding: SPECS.x11Forwarding,
};

function judge(key: SshdKey, value: string, evidence: string, fix: string): Finding {
  const spec = SPEC_OF[key];
  switch (key) {
    case 'permitrootlogin':
      if (value === 'no') return pass(spec, evidence);
      // yes lets root log in with a password; the others still let root in, by key only.
      return fail(spec, evidence, { fix, severity: value === 'yes' ? 'high' : 'low' });
    case 'maxauthtries':
      return Number(value) <= 4 ? pass(spec, evidence) : fail(spec, evidence, { fix });
    default:
      return value === 'no' ? pass(spec, evidence) : fail(spec, evidence, { fix });
  }
}

/** One audited setting: the value sshd uses, how it was read, and what the files say. */
export interface EffectiveSetting {
  /** null: not readable (an unreadable file may set it). */
  value: string | null;
  via: 'sshd -T' | 'files';
  file: SshdSetting;
}

/**
 * The audited sshd settings as the script saw them, or why there is no sshd to audit.
 * `configured` is the host's sshdConfigPath; unset, the running daemon's own config is read.
 */
export function effectiveSshd(
  sections: Sections,
  configured?: string,
):
  | { missing: string; source: SshdSource }
  | { whyNoT: string | null; settings: Map<SshdKey, EffectiveSetting>; source: SshdSource } {
  const source = runningSshd(sections, configured);
  const cfgPath = source.config;
  const t = sections.get('sshd-t');
  const parts = sections.get('sshd-config')?.parts ?? [];
  const main = parts.find((p) => p.name === cfgPath);
  const fromT = t?.rc === 0 ? parseSshdT(t.text) : new Map<SshdKey, string>();
  if (fromT.size === 0 && (!main || main.state === 'missing'))
    return { missing: t?.absent ? 'sshd not installed' : `no sshd config at ${cfgPath}`, source };
  const fromFiles = parseSshdConfig(parts, cfgPath, source.options);
  const whyNoT =
    fromT.size > 0
      ? null
      : !t
        ? 'sshd -T did not run'
        : t.absent
          ? 'sshd is not in PATH'
          : timedOut(t)
            ? 'sshd -T timed out'
            : `sshd -T failed: ${firstLine(t.text) || `exit ${t.rc}`}`;
  const settings = new Map<SshdKey, EffectiveSetting>();
  for (const key of SSHD_KEYS) {
    const file = fromFiles.get(key)!;
    const tValue = fromT.get(key);
    settings.set(
      key,
      tValue !== undefined
        ? { value: tValue, via: 'sshd -T', file }
        : { value: file.value, via: 'files', file },
    );
  }
  return { whyNoT, settings, source };
}

/** Where to change a setting, for the fix. */
function whereToFix(kw: string, wanted: string, file: SshdSetting, cfgPath: string): string {
  if (file.value !== null && file.source.startsWith(COMMAND_LINE))
    return ` It is set with \`-o\` on ${COMMAND_LINE}: change it where sshd is started (its systemd unit, or /etc/default/ssh), then restart sshd.`;
  if (file.value !== null && file.source !== 'default')
    return ` It is set in ${file.source.replace(/ line \d+$/, '')}: change it there (sshd uses the first value it reads).`;
  return ` It is not set in the config: add \`${kw} ${wanted}\` near the top of ${cfgPath}, before any Match block.`;
}

/**
 * The five sshd findings, judged on the settings of the running sshd (its own -f and -o) unless
 * the host's settings name a config (`configured`). The evidence says which daemon it was.
 */
export function sshdFindings(sections: Sections, facts: HostFacts, configured?: string): Finding[] {
  const eff = effectiveSshd(sections, configured);
  const src = describeSource(eff.source);
  if ('missing' in eff)
    return SSHD_KEYS.map((k) =>
      notChecked(SPEC_OF[k], eff.missing, `${eff.missing}.${src ? ` Looked at ${src}.` : ''}`),
    );
  const cfgPath = eff.source.config;
  return SSHD_KEYS.map((key) => {
    const kw = KEYWORD[key];
    const { value, via, file } = eff.settings.get(key)!;
    const wanted = key === 'maxauthtries' ? '4' : 'no';
    const fix = SPEC_OF[key].fix + whereToFix(kw, wanted, file, cfgPath);
    if (value === null)
      return notChecked(
        SPEC_OF[key],
        deniedReason(facts.uid),
        `${file.source} is not readable and may set ${kw}; ${eff.whyNoT}.${src ? ` Config of ${src}.` : ''}`,
      );
    if (via === 'sshd -T') {
      const at = file.value === value && file.source !== 'default' ? ` (${file.source})` : '';
      const of = src ? `. Effective settings of ${src}.` : '';
      return judge(key, value, `sshd -T: ${key} ${value}${at}${of}`, fix);
    }
    const seen =
      file.source === 'default'
        ? `${kw} is not set in ${cfgPath} or its Includes, so OpenSSH's default applies: ${value}`
        : `${kw} ${value} (${file.source})`;
    const read = src
      ? `Read from the config files of ${src}, as ${eff.whyNoT}`
      : `Read from the config files (${eff.whyNoT})`;
    return judge(key, value, `${seen}. ${read}; Match blocks not applied.`, fix);
  });
}

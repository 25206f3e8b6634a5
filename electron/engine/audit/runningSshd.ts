// Which sshd the audit judged. A daemon started with `-f FILE` or `-o Option=value` runs with
// settings /etc/ssh/sshd_config does not show, so the script finds the running listener and
// passes its own -f and -o to `sshd -T`; this reads what it found. sshd(8) options:
// https://man.openbsd.org/sshd#f
import { keyValues, type Sections } from './auditOutput';

export const DEFAULT_SSHD_CONFIG = '/etc/ssh/sshd_config';

/** The sshd whose settings were audited, as the `sshd-daemon` section reported it. */
export interface SshdSource {
  /**
   * `ancestor`: the daemon this login came through; `listed`: one found among the running
   * processes (the audit ran locally); `none`: no sshd runs (or /proc hides it); `configured`:
   * the host's settings name the file to audit; `unknown`: output from before the section existed.
   */
  how: 'ancestor' | 'listed' | 'none' | 'configured' | 'unknown';
  pid: number | null;
  /** The main config file read: the daemon's -f, the configured one, or the default. */
  config: string;
  /** The daemon's -f, when it had one. */
  file: string | null;
  /** The daemon's -o options, in order ("PasswordAuthentication=no"). */
  options: string[];
  /** Other sshd listeners running (not audited): "pid args". */
  others: string[];
  /** /proc shows no other users' processes (hidepid), so a running sshd may be unseen. */
  procHidden: boolean;
}

/** Reads the `sshd-daemon` section; `configured` is the host's sshdConfigPath, if set. */
export function runningSshd(sections: Sections, configured?: string): SshdSource {
  const sec = sections.get('sshd-daemon');
  const lines = (sec?.text ?? '').split('\n');
  const all = (key: string): string[] =>
    lines.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
  const kv = keyValues(sec?.text ?? '');
  const pid = /^\d+$/.test(kv.get('pid') ?? '') ? Number(kv.get('pid')) : null;
  const how = kv.get('how');
  const base = {
    pid,
    file: kv.get('file') || null,
    options: all('opt'),
    others: all('other'),
    procHidden: kv.get('proc') === 'hidden',
  };
  if (configured !== undefined) return { ...base, how: 'configured', config: configured };
  if (!sec) return { ...base, how: 'unknown', config: DEFAULT_SSHD_CONFIG };
  return {
    ...base,
    how: pid !== null && (how === 'ancestor' || how === 'listed') ? how : 'none',
    config: kv.get('config') || DEFAULT_SSHD_CONFIG,
  };
}

/**
 * Where the settings come from, for the evidence: "the running sshd (pid 812, -f
 * /srv/ssh/sshd_config)". Empty for output from before the script looked for the daemon.
 */
export function describeSource(s: SshdSource): string {
  switch (s.how) {
    case 'unknown':
      return '';
    case 'configured':
      return `the sshd config set for this host (${s.config})`;
    case 'none':
      return s.procHidden
        ? `the default config (${s.config}): the running sshd could not be seen, /proc hides other users' processes`
        : `the default config (${s.config}): no running sshd was found`;
    default: {
      const args = [
        `pid ${s.pid}`,
        s.file === null ? `no -f, so ${s.config}` : `-f ${s.file}`,
        ...s.options.map((o) => `-o ${o}`),
      ];
      const others = s.others.length
        ? `; ${s.others.length} other sshd ${s.others.length === 1 ? 'listener runs' : 'listeners run'}, not audited: ${s.others.join('; ')}`
        : '';
      return `the running sshd (${args.join(', ')})${s.how === 'ancestor' ? ', the one this audit logged in through' : ''}${others}`;
    }
  }
}

import { shellQuote } from '../ssh/shellQuote';
import { runningSshdScript } from './runningSshdScript';

/** Lines kept per command output; one more is sent so the parser can tell it was cut. */
export const MAX_SECTION_LINES = 300;

/** Log lines matching a failed SSH login, most recent last, sent per log source. */
export const MAX_LOG_LINES = 200;

/** The SSH daemon's syslog tag: `sshd`, or `sshd-session` for the per-connection process (OpenSSH 9.8+). */
const FAILED_LOGIN_PATTERN = String.raw`sshd(-session)?\[[0-9]+\]: (Failed [a-z/-]+ for|Invalid user)`;

export interface AuditScriptOptions {
  /** Random per run: a log line or a file on the host cannot fake a section marker it cannot guess. */
  nonce: string;
  /** The sshd config to audit instead of the running sshd's own (its -f, else the default). */
  sshdConfigPath?: string;
}

/**
 * The whole audit as one POSIX sh script: one round trip, read-only (nothing is written, no
 * `sudo`: it sees what the login user may see, and the parsers report the rest as "needs
 * root"). It runs under dash, bash and BusyBox ash. Every tool is looked up with `command -v`
 * first (an absent one prints an ABSENT marker) and run with `timeout` where there is one, stdin
 * closed. Output is framed by `@@GB:<nonce>:` markers: `SEC name` opens a section, `RC code`
 * closes it with the exit code, `FILE`/`UNREADABLE`/`MISSING path` open a part inside one.
 *
 * Nothing secret leaves the host: of /etc/passwd and /etc/shadow only user names, UIDs and
 * whether the password field is empty are sent, never a hash.
 *
 * Why no `${...}` expansions below: this is a JavaScript template, where they would be
 * interpolated; plain `$name` forms, `dirname` and IFS do the same work.
 */
export function buildAuditScript(opts: AuditScriptOptions): string {
  if (!/^[A-Za-z0-9]{8,64}$/.test(opts.nonce))
    throw new Error('The audit nonce must be 8-64 letters or digits.');
  const custom = opts.sshdConfigPath !== undefined;
  const cfg = shellQuote(opts.sshdConfigPath ?? '/etc/ssh/sshd_config');
  return String.raw`
export LC_ALL=C
PATH=$PATH:/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin
gb_m='@@GB:${opts.nonce}'
gb_nl='
'
gb_ifs=$IFS
gb_to=
if command -v timeout >/dev/null 2>&1 && timeout 5 true </dev/null >/dev/null 2>&1; then gb_to=1; fi
gb_t() { if [ -n "$gb_to" ]; then timeout "$@"; else shift; "$@"; fi; }
gb_sec() { printf '%s:SEC %s\n' "$gb_m" "$1"; }
gb_end() { printf '\n%s:RC %s\n' "$gb_m" "$1"; }
gb_mark() { printf '%s:%s %s\n' "$gb_m" "$1" "$2"; }
gb_out() { [ -z "$1" ] || printf '%s\n' "$1" | head -n ${MAX_SECTION_LINES + 1}; }
# gb_run SECTION SECONDS COMMAND ARGS...: the command's output (stdout and stderr) and exit code.
gb_run() {
  gb_n=$1
  gb_s=$2
  shift 2
  gb_sec "$gb_n"
  if command -v "$1" >/dev/null 2>&1; then
    gb_o=$(gb_t "$gb_s" "$@" </dev/null 2>&1)
    gb_r=$?
    gb_out "$gb_o"
    gb_end "$gb_r"
  else
    gb_mark ABSENT "$1"
  fi
}

printf '%s:BEGIN\n' "$gb_m"
gb_sec info
printf 'uid=%s\nuser=%s\nnow=%s\ntz=%s\nkernel=%s\n' "$(id -u 2>/dev/null)" "$(id -un 2>/dev/null)" \
  "$(date +%s)" "$(date +%z)" "$(uname -r)"
if [ -r /etc/os-release ]; then
  while IFS= read -r gb_l; do
    case $gb_l in PRETTY_NAME=* | ID=* | ID_LIKE=*) printf '%s\n' "$gb_l" ;; esac
  done </etc/os-release
fi
[ -e /.dockerenv ] && echo container=docker
[ -e /run/.containerenv ] && echo container=podman
[ -r /run/systemd/container ] && printf 'container=%s\n' "$(head -n 1 /run/systemd/container)"
[ -d /run/systemd/system ] && echo systemd=1
[ -r /proc/1/comm ] || echo proc=hidden
gb_end 0

${runningSshdScript(cfg, custom)}
# The config and every file its Include lines name (globs expanded here, in sshd's order by the
# parser), breadth first, each once; a directory we cannot list is reported, not skipped.
gb_sec sshd-config
gb_level=$gb_cfg$gb_nl
gb_seen=
gb_depth=0
while [ -n "$gb_level" ] && [ "$gb_depth" -lt 16 ]; do
  gb_depth=$((gb_depth + 1))
  gb_next=
  set -f
  IFS=$gb_nl
  for gb_f in $gb_level; do
    IFS=$gb_ifs
    set +f
    case "$gb_nl$gb_seen" in *"$gb_nl$gb_f$gb_nl"*) continue ;; esac
    gb_seen=$gb_seen$gb_f$gb_nl
    if [ ! -e "$gb_f" ]; then gb_mark MISSING "$gb_f"; continue; fi
    if [ ! -r "$gb_f" ]; then gb_mark UNREADABLE "$gb_f"; continue; fi
    gb_mark FILE "$gb_f"
    head -n 2000 "$gb_f"
    echo
    while read -r gb_a gb_b; do
      case $gb_a in [Ii][Nn][Cc][Ll][Uu][Dd][Ee]) ;; *) continue ;; esac
      set -f
      for gb_p in $gb_b; do
        set +f
        case $gb_p in /*) ;; *) gb_p=/etc/ssh/$gb_p ;; esac
        gb_d=$(dirname "$gb_p")
        if [ -d "$gb_d" ] && { [ ! -r "$gb_d" ] || [ ! -x "$gb_d" ]; }; then gb_mark UNREADABLE "$gb_p"; fi
        for gb_g in $gb_p; do [ -e "$gb_g" ] && gb_next=$gb_next$gb_g$gb_nl; done
        set -f
      done
      set +f
    done <"$gb_f"
  done
  IFS=$gb_ifs
  set +f
  gb_level=$gb_next
done
gb_end 0

gb_run nft 10 nft list ruleset
gb_run iptables 10 iptables -S INPUT
gb_run ufw 10 ufw status
gb_run firewalld 10 firewall-cmd --state

if command -v apt >/dev/null 2>&1; then
  gb_run apt 30 apt list --upgradable
else
  gb_run apt-get 30 apt-get -s upgrade
fi
if [ -d /var/lib/apt/lists ]; then
  gb_sec apt-lists
  set -- /var/lib/apt/lists/*_Packages*
  [ -e "$1" ] && printf 'packages=%s\n' "$#"
  printf 'updated=%s\n' "$(date -r /var/lib/apt/lists +%s 2>/dev/null)"
  gb_end 0
fi
# -C: the metadata cache only, so no download and no write; rc 100 means updates are pending.
if command -v dnf >/dev/null 2>&1; then
  gb_run dnf 30 dnf -q -C check-update
  gb_run dnf-security 30 dnf -q -C --security check-update
else
  gb_run yum 30 yum -q -C check-update
  gb_run yum-security 30 yum -q -C --security check-update
fi

gb_sec reboot
[ -e /var/run/reboot-required ] && echo flag=1
if [ -r /var/run/reboot-required.pkgs ]; then
  head -n 20 /var/run/reboot-required.pkgs | while IFS= read -r gb_l; do printf 'pkg=%s\n' "$gb_l"; done
fi
if [ -d /lib/modules ]; then
  for gb_f in /lib/modules/*; do [ -d "$gb_f" ] && printf 'modules=%s\n' "$(basename "$gb_f")"; done
fi
gb_end 0
gb_run needs-restarting 20 needs-restarting -r

if command -v ss >/dev/null 2>&1; then
  gb_run ss 10 ss -ltn
else
  gb_sec proc-tcp
  for gb_f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$gb_f" ] || continue
    gb_mark FILE "$gb_f"
    grep -E '^ *[0-9]+: [0-9A-Fa-f]+:[0-9A-Fa-f]+ [0-9A-Fa-f]+:[0-9A-Fa-f]+ 0A ' "$gb_f" | head -n 2000
  done
  gb_end 0
fi

gb_sec passwd
if [ -r /etc/passwd ]; then
  gb_c=0
  while IFS=: read -r gb_u gb_p gb_i gb_l; do
    gb_c=$((gb_c + 1))
    case $gb_p in '') gb_k=empty ;; x) gb_k=x ;; '!'* | '*'*) gb_k=locked ;; *) gb_k=hash ;; esac
    if [ "$gb_i" = 0 ] || [ "$gb_k" = empty ]; then printf '%s:%s:%s\n' "$gb_u" "$gb_k" "$gb_i"; fi
  done </etc/passwd
  printf 'count=%s\n' "$gb_c"
  gb_end 0
else
  gb_end 1
fi

gb_sec shadow
if [ ! -e /etc/shadow ]; then
  gb_mark MISSING /etc/shadow
elif [ ! -r /etc/shadow ]; then
  gb_mark UNREADABLE /etc/shadow
else
  gb_mark FILE /etc/shadow
  while IFS=: read -r gb_u gb_p gb_l; do
    [ -z "$gb_p" ] && printf 'empty:%s\n' "$gb_u"
  done </etc/shadow
fi
gb_end 0

gb_pat='${FAILED_LOGIN_PATTERN}'
gb_sec journal
if command -v journalctl >/dev/null 2>&1; then
  gb_o=$(gb_t 15 journalctl --no-pager -o short-iso -t sshd -t sshd-session --since=-24h </dev/null 2>&1)
  gb_r=$?
  printf 'rc=%s\n' "$gb_r"
  case $gb_o in *'not seeing messages from other users'*) echo journal=restricted ;; esac
  case $gb_o in *'No journal files were found'*) echo journal=empty ;; esac
  printf 'matches=%s\n' "$(printf '%s\n' "$gb_o" | grep -cE "$gb_pat")"
  gb_mark FILE journal
  printf '%s\n' "$gb_o" | grep -E "$gb_pat" | tail -n ${MAX_LOG_LINES}
else
  gb_mark ABSENT journalctl
fi
gb_end 0
gb_sec authlog
for gb_f in /var/log/auth.log /var/log/secure /var/log/messages; do
  [ -e "$gb_f" ] || continue
  if [ ! -r "$gb_f" ]; then gb_mark UNREADABLE "$gb_f"; continue; fi
  gb_mark FILE "$gb_f"
  tail -c 20000000 "$gb_f" | grep -E "$gb_pat" | tail -n ${MAX_LOG_LINES}
done
gb_end 0

gb_run fail2ban 10 fail2ban-client status
gb_sec procs
gb_seen=' '
for gb_p in /proc/[0-9]*; do
  read -r gb_c 2>/dev/null <"$gb_p/comm" || continue
  case $gb_c in
  fail2ban-server | crowdsec | sshguard | chronyd | ntpd | openntpd | ntpsec | systemd-timesyn)
    case $gb_seen in *" $gb_c "*) ;; *)
      gb_seen="$gb_seen$gb_c "
      printf '%s\n' "$gb_c"
      ;;
    esac
    ;;
  esac
done
gb_end 0

gb_run timedatectl 5 timedatectl status
gb_run chronyc 5 chronyc -n tracking
gb_run ntpq 5 ntpq -pn
printf '%s:END\n' "$gb_m"
`;
}

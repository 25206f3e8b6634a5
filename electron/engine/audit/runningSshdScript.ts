// The audit script's part that finds the running sshd and runs `sshd -T` as that daemon would
// see its settings. Helpers (gb_sec, gb_run, gb_nl, ...) are the main script's: see auditScript.ts.
// sshd(8) options: https://man.openbsd.org/sshd

/**
 * Sections `sshd-daemon` (the daemon: pid, how it was found, its -f and -o, the config file to
 * read) and `sshd-t`; leaves `gb_cfg` set to the main config file for the files section.
 * `cfgQuoted` is the configured path (or the default), already quoted for the shell; `custom`
 * says the host's settings named it, and then it wins over the daemon's own -f.
 * No `${...}` expansions below, as in the main script: this is a JavaScript template.
 */
export function runningSshdScript(cfgQuoted: string, custom: boolean): string {
  return String.raw`
# The running sshd: the listener this login came through (an ancestor of this shell), else one
# seen among the processes. A listener is an sshd whose parent is not one (before OpenSSH 9.8
# each session is an sshd too). Its command line (retitled "sshd: ARGV [listener] ..." since
# OpenSSH 8.2, plain argv before) gives the -f and -o that sshd -T needs to see its settings.
gb_comm() { gb_c=; [ -r "/proc/$1/comm" ] && read -r gb_c <"/proc/$1/comm"; }
gb_ppid() {
  gb_pp=
  [ -r "/proc/$1/status" ] || return 0
  while read -r gb_k gb_v; do [ "$gb_k" = PPid: ] && gb_pp=$gb_v; done <"/proc/$1/status"
}
gb_master() {
  gb_comm "$1"
  [ "$gb_c" = sshd ] || return 1
  gb_ppid "$1"
  gb_comm "$gb_pp"
  [ "$gb_c" != sshd ]
}
gb_args() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | sed -e 's/^sshd: //' -e 's/ \[listener\].*$//' -e 's/ *$//'; }
gb_sec sshd-daemon
gb_dpid=
gb_how=
gb_p=$$
gb_i=0
while [ -n "$gb_p" ] && [ "$gb_p" != 0 ] && [ "$gb_i" -lt 64 ]; do
  if gb_master "$gb_p"; then
    gb_dpid=$gb_p
    gb_how=ancestor
    break
  fi
  gb_ppid "$gb_p"
  gb_p=$gb_pp
  gb_i=$((gb_i + 1))
done
gb_list=
gb_plain=
for gb_f in /proc/[0-9]*; do
  read -r gb_c 2>/dev/null <"$gb_f/comm" || continue
  [ "$gb_c" = sshd ] || continue
  read -r gb_p gb_l 2>/dev/null <"$gb_f/stat" || continue
  gb_master "$gb_p" || continue
  gb_list=$gb_list$gb_p$gb_nl
  # Locally, the system's listener (no -f) before one started by hand or by tests.
  case " $(gb_args "$gb_p") " in *' -f'*) ;; *) [ -n "$gb_plain" ] || gb_plain=$gb_p ;; esac
done
if [ -z "$gb_dpid" ] && [ -n "$gb_list" ]; then
  gb_dpid=$gb_plain
  [ -n "$gb_dpid" ] || gb_dpid=$(printf '%s' "$gb_list" | head -n 1)
  gb_how=listed
fi
gb_i=0
for gb_p in $gb_list; do
  [ "$gb_p" = "$gb_dpid" ] && continue
  [ "$gb_i" -lt 10 ] && printf 'other=%s %s\n' "$gb_p" "$(gb_args "$gb_p")"
  gb_i=$((gb_i + 1))
done
gb_bin=sshd
gb_ta=
gb_file=
if [ -n "$gb_dpid" ]; then
  gb_a=$(gb_args "$gb_dpid")
  printf 'pid=%s\nhow=%s\nargs=%s\n' "$gb_dpid" "$gb_how" "$gb_a"
  set -f
  set -- $gb_a
  set +f
  case $1 in /*) [ -x "$1" ] && gb_bin=$1 ;; esac
  shift
  # An -o value may hold a space ("-o PasswordAuthentication no") that the retitled command line
  # no longer quotes: the next word is then its value.
  gb_po=
  gb_addo() { if [ -n "$gb_po" ]; then gb_ta=$gb_ta-o$gb_nl$gb_po$gb_nl; printf 'opt=%s\n' "$gb_po"; gb_po=; fi; }
  while [ $# -gt 0 ]; do
    OPTIND=1
    while getopts ':C:E:b:c:f:g:h:k:o:p:u:46DQRTdeiqrtV' gb_o; do
      gb_addo
      case $gb_o in
      f) gb_file=$OPTARG ;;
      o) gb_po=$OPTARG ;;
      c | h | p) gb_ta=$gb_ta-$gb_o$gb_nl$OPTARG$gb_nl ;;
      esac
    done
    shift $((OPTIND - 1))
    [ $# -gt 0 ] || break
    case $gb_po in *=* | '') ;; *) gb_po="$gb_po $1" ;; esac
    gb_addo
    shift
  done
  gb_addo
  if [ -n "$gb_file" ]; then
    printf 'file=%s\n' "$gb_file"
    gb_ta=-f$gb_nl$gb_file$gb_nl$gb_ta
  fi
else
  [ -r /proc/1/comm ] || echo proc=hidden
fi
gb_cfg=${cfgQuoted}
gb_custom=${custom ? 1 : 0}
[ "$gb_custom" = 0 ] && [ -n "$gb_file" ] && gb_cfg=$gb_file
printf 'config=%s\n' "$gb_cfg"
gb_end 0
if [ "$gb_custom" = 1 ]; then
  gb_run sshd-t 10 sshd -T -f "$gb_cfg"
else
  set -f
  IFS=$gb_nl
  set -- $gb_ta
  IFS=$gb_ifs
  set +f
  gb_run sshd-t 10 "$gb_bin" -T "$@"
fi
`;
}

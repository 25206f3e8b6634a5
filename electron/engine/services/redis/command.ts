// How one Redis poll is asked for. redis-cli runs one command per invocation when given argv,
// and the runner gives it no stdin, so the poll is a CONSTANT sh script (never built from user
// text) that runs three redis-cli invocations and prints a marker line before each answer. The
// port and the optional `sudo -n -u USER` prefix reach it as positional arguments ("$@"), so
// every value stays its own argv element, quoted by the runner.
//
// Why not one invocation: redis-cli's stdin mode (several commands on one connection) first
// sends COMMAND DOCS for its hints, about 1 ms of the server's only thread on every poll; and
// Lua (EVAL) would need the scripting ACL and measure no network latency at all. Three short
// connections cost the server three HELLO/INFO/SLOWLOG calls and a few PINGs, microseconds each.
//
// PING latency: `redis-cli --latency --raw -i 0.05` sends a PING every 10 ms for 50 ms over one
// connection and prints "min max avg count" as redis-cli timed them (whole milliseconds per
// sample, so a fast LAN reads 0-1 ms; a stalled Redis, the thing worth seeing, reads many).
// SLOWLOG comes as JSON (--json, redis-cli 7.0+), the only unambiguous form of its nested args;
// an older redis-cli fails that step alone, and the poll goes on without SLOWLOG.
import type { ServiceConfig } from '../../../../shared/services';

/** SLOWLOG entries fetched per poll: newer ones beyond this are counted by id, not listed. */
export const SLOWLOG_FETCH = 32;

export const REDIS_POLL_SCRIPT = [
  'h=$1 p=$2',
  'shift 2',
  'echo @@info',
  '"$@" redis-cli -h "$h" -p "$p" --no-auth-warning INFO || exit',
  'echo @@latency',
  '"$@" redis-cli -h "$h" -p "$p" --raw --latency -i 0.05 || exit',
  'echo @@slowlog',
  `"$@" redis-cli -h "$h" -p "$p" --json SLOWLOG GET ${SLOWLOG_FETCH} || echo "@@slowlog-failed $?"`,
  'echo @@end',
].join('\n');

/** The argv of one poll: the constant script, then host, port and the sudo prefix (if any). */
export function redisCommand(cfg: ServiceConfig): string[] {
  const sudo = cfg.osUser ? ['sudo', '-n', '-u', cfg.osUser] : [];
  return ['sh', '-c', REDIS_POLL_SCRIPT, 'sh', '127.0.0.1', String(cfg.port), ...sudo];
}

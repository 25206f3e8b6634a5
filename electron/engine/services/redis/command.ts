// How one Redis poll is asked for. redis-cli runs one command per invocation when given argv,
// and the runner gives it no stdin, so the poll is a CONSTANT sh script (never built from user
// text) that runs two redis-cli invocations and prints a marker line before each answer. The
// port and the optional `sudo -n -u USER` prefix reach it as positional arguments ("$@"), so
// every value stays its own argv element, quoted by the runner.
//
// INFO and SLOWLOG in one invocation: a constant read-only Lua script (EVAL, no keys) returns
// both, printed by --json as one line, [info text, slowlog entries] (@@both). Each redis-cli
// costs ~5 ms of CPU to start (its libraries: libssl, libsystemd, libstdc++), as much as a whole
// redis_exporter scrape, so one fewer is what counts. Not redis-cli's stdin mode: it first sends
// COMMAND DOCS for its hints (seen in INFO commandstats: one call, ~1 ms of the server's only
// thread, ten times the poll's INFO). Where EVAL is refused (an ACL without +eval, a renamed
// command, a redis-cli older than 7.0 without --json; -e makes the error reply an exit code), the
// script falls back to the separate INFO and SLOWLOG runs (@@info, @@slowlog) it used before.
// A read-only script without flags runs on replicas and when memory is full (Redis 7.0).
//
// PING latency: `redis-cli --latency --raw -i 0.05` sends a PING every 10 ms for 50 ms over one
// connection and prints "min max avg count" as redis-cli timed them (whole milliseconds per
// sample, so a fast LAN reads 0-1 ms; a stalled Redis, the thing worth seeing, reads many). It
// needs its own invocation: nothing else in redis-cli times a command.
// SLOWLOG comes as JSON (--json, redis-cli 7.0+), the only unambiguous form of its nested args;
// an older redis-cli fails that step alone, and the poll goes on without SLOWLOG.
import type { ServiceConfig } from '../../../../shared/services';

/** SLOWLOG entries fetched per poll: newer ones beyond this are counted by id, not listed. */
export const SLOWLOG_FETCH = 32;

/** INFO and the newest SLOWLOG entries in one reply; constant, reads only. */
export const REDIS_POLL_LUA = `return {redis.call('INFO'), redis.call('SLOWLOG', 'GET', ${SLOWLOG_FETCH})}`;

export const REDIS_POLL_SCRIPT = [
  'h=$1 p=$2',
  'shift 2',
  'echo @@both',
  `if ! "$@" redis-cli -h "$h" -p "$p" --no-auth-warning -e --json EVAL "${REDIS_POLL_LUA}" 0; then`,
  '  echo @@info',
  '  "$@" redis-cli -h "$h" -p "$p" --no-auth-warning INFO || exit',
  '  echo @@slowlog',
  `  "$@" redis-cli -h "$h" -p "$p" --json SLOWLOG GET ${SLOWLOG_FETCH} || echo "@@slowlog-failed $?"`,
  'fi',
  'echo @@latency',
  '"$@" redis-cli -h "$h" -p "$p" --raw --latency -i 0.05 || exit',
  'echo @@end',
].join('\n');

/** The argv of one poll: the constant script, then host, port and the sudo prefix (if any). */
export function redisCommand(cfg: ServiceConfig): string[] {
  const sudo = cfg.osUser ? ['sudo', '-n', '-u', cfg.osUser] : [];
  return ['sh', '-c', REDIS_POLL_SCRIPT, 'sh', '127.0.0.1', String(cfg.port), ...sudo];
}

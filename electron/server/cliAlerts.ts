import type { AlertEntry } from '../../shared/alerts';
import { formatClock } from '../../shared/format';
import { call, withEngine } from './cliFleet';
import { intOption, parse, UsageError } from './cliArgs';
import { COMMANDS, usage } from './cliTable';

/** `greenboard alerts` and `greenboard silence`: the alert log and silences from a terminal. */

const STATE_WORD = { ok: 'ok', warn: 'WARN', critical: 'CRIT', stale: 'STALE' } as const;
const out = (s: string): boolean => process.stdout.write(`${s}\n`);

function line(e: AlertEntry, hostName: string): string {
  const when = `${new Date(e.at).toISOString().slice(0, 10)} ${formatClock(e.at)}`;
  const what = e.kind === 'host' ? 'host' : e.signal;
  const notice = e.notice ? `  [${e.notice}]` : '';
  return `${when}  ${hostName.padEnd(16)} ${what.padEnd(14)} ${STATE_WORD[e.from]} → ${STATE_WORD[e.to].padEnd(5)} ${e.reason}${notice}`;
}

export async function alertsCommand(args: string[], version: string): Promise<number> {
  const { values: v, positionals } = parse(args, COMMANDS.alerts.options, true);
  const limit = intOption(v.limit, 'limit', 50, 1, 1000);
  return withEngine(v['data-dir'], version, async (e) => {
    const hosts = await call(e, 'hosts:list', {});
    const byName = v.host ? hosts.find((h) => h.name === v.host || h.id === v.host) : undefined;
    if (v.host && !byName) throw new UsageError(`No host named "${v.host}". Run "greenboard hosts list".`);
    const q = positionals.join(' ');
    const r = await call(e, 'alerts:list', {
      limit,
      ...(q ? { q } : {}),
      ...(byName ? { hostId: byName.id } : {}),
    });
    if (v.json) {
      out(JSON.stringify(r.entries, null, 2));
      return 0;
    }
    if (r.entries.length === 0) out('No alerts recorded (yet) that match.');
    const names = new Map(hosts.map((h) => [h.id, h.name]));
    const probes = r.entries.some((x) => x.probeId !== null) ? await call(e, 'probes:list', {}) : [];
    const probeNames = new Map(probes.map((p) => [p.def.id, p.def.name]));
    const nameOf = (x: AlertEntry): string =>
      x.probeId !== null ? (probeNames.get(x.probeId) ?? x.probeId) : (names.get(x.hostId) ?? x.hostId);
    // Oldest first reads like a log; the query returns newest first.
    for (const entry of [...r.entries].reverse()) out(line(entry, nameOf(entry)));
    if (r.more) out(`(older entries exist: --limit ${Math.min(1000, limit * 2)} shows more)`);
    return 0;
  });
}

export async function silenceCommand(args: string[], version: string): Promise<number> {
  const { values: v } = parse(args, COMMANDS.silence.options);
  const targets = [v.host, v.tag, v.signal, v.probe].filter((x) => x !== undefined).length;
  if (targets !== 1 || !v.by || !v.why) throw new UsageError(usage('silence'));
  const minutes = intOption(v.minutes, 'minutes', 60, 1, 60 * 24 * 30);
  return withEngine(v['data-dir'], version, async (e) => {
    let target;
    if (v.host) {
      const h = (await call(e, 'hosts:list', {})).find((x) => x.name === v.host || x.id === v.host);
      if (!h) throw new UsageError(`No host named "${v.host}". Run "greenboard hosts list".`);
      target = { kind: 'host' as const, hostId: h.id };
    } else if (v.probe) {
      const p = (await call(e, 'probes:list', {})).find(
        (x) => x.def.name === v.probe || x.def.id === v.probe,
      );
      if (!p)
        throw new UsageError(`No probe named "${v.probe}". Probes are listed on the board, under the hosts.`);
      target = { kind: 'probe' as const, probeId: p.def.id };
    } else if (v.tag) target = { kind: 'tag' as const, tag: v.tag };
    else target = { kind: 'signal' as const, signal: v.signal ?? '' };
    const s = await call(e, 'silences:add', { target, minutes, by: v.by ?? '', why: v.why ?? '' });
    out(`Silenced until ${new Date(s.until).toISOString()} (id ${s.id}). Changes are still logged.`);
    return 0;
  });
}

import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { RuleLayerSchema, RulesConfigSchema, type RulesConfig } from '../../shared/alerts';
import {
  describeBacktest,
  describeEpisode,
  HOST_SIGNAL_KINDS,
  FORECAST_KIND,
  isGroupKind,
  resolutionNote,
  type BacktestKind,
  type BacktestResult,
} from '../../shared/backtest';
import { GROUP_SIGNAL_KINDS, type SignalKind } from '../../shared/alerts';
import { call, withEngine } from './cliFleet';
import { parse, parseSpan, UsageError } from './cliArgs';
import { COMMANDS, usage } from './cliTable';
import { terminalSafe } from './cliServices';

/** `greenboard rules test`: a rule run over stored history before it is saved. */

const out = (s: string): boolean => process.stdout.write(`${s}\n`);
/** A rules file is a few kB; anything past this is not one. */
const MAX_RULE_FILE = 1024 * 1024;

function readRuleFile(file: string): unknown {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new UsageError(`--rule: cannot read "${file}" (${why ?? (e as Error).message}).`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`--rule: "${file}" is not a file.`);
    if (st.size > MAX_RULE_FILE)
      throw new UsageError(`--rule: "${file}" is over 1 MiB; a rules file is a few kB.`);
    const buf = Buffer.alloc(st.size);
    readSync(fd, buf, 0, st.size, 0);
    const text = buf.toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      // The parser's message quotes the file's first bytes; the wrong file may hold a secret, so
      // only where it stopped is told.
      const at = /position (\d+)/.exec((e as Error).message);
      const before = at ? text.slice(0, Number(at[1])).split('\n') : null;
      const where = before ? ` at line ${before.length}, column ${before.at(-1)!.length + 1}` : '';
      throw new UsageError(
        `--rule: "${file}" is not JSON${where}; a rules file is a JSON object such as {"cpu": {"warn": 70}}.`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

/** The kinds a rules file can name that a back-test replays: a host's and a group's. */
const TESTABLE: ReadonlySet<string> = new Set([...HOST_SIGNAL_KINDS, ...GROUP_SIGNAL_KINDS]);

/**
 * The rules a file proposes, over the ones in use: a whole config (`defaults`, `tags`, `hosts`, as
 * in greenboard.json's "rules"), or one layer (`{"cpu": {"warn": 70}}`) that goes over the
 * defaults. The kinds tested are those the file names (a host's, such as cpu, and a group's, such
 * as groupCpu or skew, set on a tag); all of a host's when it names none.
 */
export function proposedRules(
  raw: unknown,
  current: RulesConfig,
): { rules: RulesConfig; kinds: SignalKind[] } {
  const isConfig =
    raw !== null && typeof raw === 'object' && ['defaults', 'tags', 'hosts'].some((k) => k in raw);
  const problems = (issues: { path: PropertyKey[]; message: string }[]): string =>
    issues.map((i) => `${i.path.map(String).join('.') || '(top)'}: ${i.message}`).join('; ');
  if (isConfig) {
    const c = RulesConfigSchema.safeParse(raw);
    if (!c.success) throw new UsageError(`--rule: not a rules config: ${problems(c.error.issues)}.`);
    const layers = [c.data.defaults, ...Object.values(c.data.tags), ...Object.values(c.data.hosts)];
    const named = new Set(layers.flatMap((l) => Object.keys(l)).filter((k) => TESTABLE.has(k)));
    return { rules: c.data, kinds: named.size ? ([...named] as SignalKind[]) : [...HOST_SIGNAL_KINDS] };
  }
  const l = RuleLayerSchema.safeParse(raw);
  if (!l.success)
    throw new UsageError(
      `--rule: not a rule: ${problems(l.error.issues)}. Write e.g. {"cpu": {"warn": 70, "forMs": 300000}}.`,
    );
  const named = Object.keys(l.data).filter((k) => TESTABLE.has(k)) as SignalKind[];
  return {
    rules: { ...current, defaults: { ...current.defaults, ...l.data } },
    kinds: named.length ? named : [...HOST_SIGNAL_KINDS],
  };
}

function print(r: BacktestResult): void {
  out(describeBacktest(r));
  const note = resolutionNote(r);
  for (const e of r.episodes) {
    const level = e.level === 'critical' ? 'CRIT' : 'WARN';
    out(
      `  ${describeEpisode(e).padEnd(30)} ${terminalSafe(e.name).padEnd(16)} ${level}  ${terminalSafe(e.reason)}`,
    );
  }
  if (r.total > r.episodes.length)
    out(`  (${r.total - r.episodes.length} more not listed; --json has the first ${r.episodes.length})`);
  if (note) out(note);
  for (const n of r.notes) out(n);
}

export async function rulesCommand(args: string[], version: string): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'test')
    throw new UsageError(sub ? `Unknown rules command "${sub}".\n${usage('rules')}` : usage('rules'));
  const { values: v } = parse(rest, COMMANDS.rules.options);
  if (!v.rule && !v.forecast) throw new UsageError(usage('rules'));
  const raw = v.rule ? readRuleFile(v.rule) : null;
  const since = parseSpan(v.since ?? '7d', 'since');
  return withEngine(
    v['data-dir'],
    version,
    async (e) => {
      const settings = await call(e, 'settings:get', {});
      // --forecast alone: the forecast rule (built in) over the rules in use.
      const { rules, kinds } =
        raw === null
          ? { rules: settings.rules, kinds: [] as SignalKind[] }
          : proposedRules(raw, settings.rules);
      const hosts = await call(e, 'hosts:list', {});
      const ids = (v.host ?? []).map((name) => {
        const h = hosts.find((x) => x.name === name || x.id === name);
        if (!h) throw new UsageError(`No host named "${name}". Run "greenboard hosts list".`);
        return h.id;
      });
      // A saved history ends when it was saved: the span counts back from its last moment.
      const info = await call(e, 'app:info', {});
      const toTs = info.history ? (info.dataRange?.toTs ?? Date.now()) : Date.now();
      const groups = v.group ?? [];
      // --host narrows the host kinds, --group the group kinds: each to the kinds of its subject.
      const named: BacktestKind[] =
        ids.length && !groups.length
          ? kinds.filter((k) => !isGroupKind(k))
          : groups.length && !ids.length
            ? kinds.filter((k) => isGroupKind(k))
            : kinds;
      const asked: BacktestKind[] = v.forecast ? [...named, FORECAST_KIND] : named;
      if (ids.length && groups.length)
        throw new UsageError('Give --host or --group, not both: test hosts and groups one at a time.');
      if (asked.length === 0)
        throw new UsageError(
          ids.length
            ? `--host: the rule file names only a group's kinds (${kinds.join(', ')}); test them with --group TAG.`
            : `--group: the rule file names only a host's kinds (${kinds.join(', ')}); test them with --host NAME.`,
        );
      const r = await call(e, 'rules:test', {
        rules,
        kinds: asked,
        fromTs: Math.max(0, toTs - since),
        toTs,
        ...(ids.length ? { hostIds: ids } : {}),
        ...(groups.length ? { tags: groups } : {}),
      });
      if (v.json) out(JSON.stringify(r, null, 2));
      else print(r);
      return 0;
    },
    v.history ? { history: v.history } : {},
  );
}

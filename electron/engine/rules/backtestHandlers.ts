import { GROUP_SIGNAL_KINDS } from '../../../shared/alerts';
import {
  FORECAST_KIND,
  HOST_SIGNAL_KINDS,
  isGroupKind,
  type BacktestInput,
  type BacktestKind,
  type BacktestResult,
} from '../../../shared/backtest';
import { GreenboardError } from '../../../shared/errors';
import type { EngineContext } from '../core/context';
import type { Handlers } from '../core/slices';
import { FORECAST_NOTE, forecastBacktest } from '../forecast/forecastBacktest';
import { groupBacktest, groupNotes } from '../groups/groupBacktest';
import { backtest } from './backtest';
import { newCollect } from './episodes';
import { parseRulesConfig } from './ruleConfig';
import type { SignalKind } from './signals';

type Deps = Pick<EngineContext, 'store' | 'hosts'>;

const list = (xs: readonly string[]): string => xs.map((x) => `"${x}"`).join(', ');
const isAre = (xs: readonly unknown[]): string => (xs.length === 1 ? 'is' : 'are');

/** The kinds asked for, split by subject; a kind asked of the wrong subject is a 400 that says which. */
function kindsOf(input: BacktestInput): { host: SignalKind[]; group: SignalKind[]; forecast: boolean } {
  const kinds: readonly BacktestKind[] = input.kinds ?? (input.tags ? GROUP_SIGNAL_KINDS : HOST_SIGNAL_KINDS);
  const group = kinds.filter((k): k is SignalKind => isGroupKind(k));
  const host = kinds.filter((k): k is SignalKind => k !== FORECAST_KIND && !isGroupKind(k));
  const forecast = kinds.includes(FORECAST_KIND);
  const perHost = [...host, ...(forecast ? [FORECAST_KIND] : [])];
  if (input.tags && perHost.length > 0)
    throw new GreenboardError(
      'bad_request',
      `${list(perHost)} ${isAre(perHost)} judged per host, not per group: test ${perHost.length === 1 ? 'it' : 'them'} with hostIds (or neither), and a group (tags) with ${list(GROUP_SIGNAL_KINDS)}.`,
      [{ path: ['kinds'], message: `${perHost.join(', ')}: not a group's kind` }],
    );
  if (input.hostIds && group.length > 0)
    throw new GreenboardError(
      'bad_request',
      `${list(group)} ${isAre(group)} judged per group (the hosts sharing a tag), not per host: test ${group.length === 1 ? 'it' : 'them'} with tags instead of hostIds.`,
      [{ path: ['kinds'], message: `${group.join(', ')}: not a host's kind` }],
    );
  return { host, group, forecast };
}

/**
 * `rules:test`: the rules as they would be saved, run over the stored history of the board's
 * hosts and groups (a reviewed history file's, when one is open). Reads only: allowed on a
 * saved history.
 */
export function runBacktest(engine: Deps, input: BacktestInput): BacktestResult {
  const parsed = parseRulesConfig(input.rules);
  if (!parsed.ok)
    throw new GreenboardError(
      'bad_request',
      parsed.error.message,
      // Each names its field in words (rules.hosts.db-1.cpu.warn); host names may hold dots.
      parsed.error.issues.map((i) => ({ path: ['rules'], message: `${i.path}: ${i.message}` })),
    );
  const kinds = kindsOf(input);
  const board = engine.hosts
    .list()
    .map((h) => h.host)
    .filter((h) => h.kind !== 'prometheus');
  const wanted = input.hostIds ? new Set(input.hostIds) : null;
  const hosts = board.filter((h) => !wanted || wanted.has(h.id));
  if (wanted) {
    const missing = [...wanted].filter((id) => !hosts.some((h) => h.id === id));
    if (missing.length)
      throw new GreenboardError(
        'not_found',
        `No host ${list(missing)} in this history. "greenboard hosts list" shows them.`,
      );
  }
  const tags = [...new Set(board.flatMap((h) => h.tags))].sort();
  const unknown = (input.tags ?? []).filter((t) => !tags.includes(t));
  if (unknown.length)
    throw new GreenboardError(
      'not_found',
      `No group ${list(unknown)} in this history: a group is a tag, and no host here carries ${unknown.length === 1 ? 'it' : 'them'}. ${
        tags.length ? `The groups are ${list(tags)}.` : 'No host has a tag yet.'
      }`,
    );
  const into = newCollect();
  const source = engine.store.history;
  let rows = 0;
  if (kinds.host.length > 0)
    rows += backtest(
      {
        config: parsed.config,
        kinds: kinds.host,
        hosts: hosts.map((h) => ({ id: h.id, name: h.name, tags: h.tags, intervalMs: h.intervalMs })),
        from: input.fromTs,
        to: input.toTs,
        source,
      },
      into,
    ).rows;
  let groups = 0;
  if (kinds.group.length > 0) {
    const r = groupBacktest(
      {
        config: parsed.config,
        kinds: kinds.group,
        groups: (input.tags ?? tags).map((tag) => ({
          tag,
          members: board
            .filter((h) => h.tags.includes(tag))
            .map((h) => ({ id: h.id, name: h.name, tags: h.tags, intervalMs: h.intervalMs })),
        })),
        from: input.fromTs,
        to: input.toTs,
        source,
      },
      into,
    );
    rows += r.rows;
    groups = r.groups;
  }
  if (kinds.forecast)
    forecastBacktest(
      {
        hosts: hosts.map((h) => ({ id: h.id, name: h.name })),
        from: input.fromTs,
        to: input.toTs,
        store: engine.store,
      },
      into,
    );
  const all = [...kinds.host, ...kinds.group, ...(kinds.forecast ? [FORECAST_KIND] : [])];
  return {
    fromTs: input.fromTs,
    toTs: input.toTs,
    kinds: all,
    hosts: into.read.size,
    groups,
    notes: [
      ...(groups > 0 ? groupNotes(new Set(kinds.group)) : []),
      ...(kinds.forecast && into.read.size > 0 ? [FORECAST_NOTE] : []),
    ],
    rows,
    episodes: into.episodes.episodes(),
    total: into.episodes.total,
    resolution: into.resolution.list(),
  };
}

export function backtestHandlers(engine: Deps): Pick<Handlers, 'rules:test'> {
  return { 'rules:test': (input) => runBacktest(engine, input) };
}

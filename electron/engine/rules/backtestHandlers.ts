import { HOST_SIGNAL_KINDS, type BacktestInput, type BacktestResult } from '../../../shared/backtest';
import { GreenboardError } from '../../../shared/errors';
import type { EngineContext } from '../core/context';
import type { Handlers } from '../core/slices';
import { backtest } from './backtest';
import { parseRulesConfig } from './ruleConfig';

type Deps = Pick<EngineContext, 'store' | 'hosts'>;

/**
 * `rules:test`: the rules as they would be saved, run over the stored history of the board's
 * hosts (a reviewed history file's, when one is open). Reads only: allowed on a saved history.
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
  const wanted = input.hostIds ? new Set(input.hostIds) : null;
  const hosts = engine.hosts
    .list()
    .map((h) => h.host)
    .filter((h) => h.kind !== 'prometheus' && (!wanted || wanted.has(h.id)));
  if (wanted) {
    const missing = [...wanted].filter((id) => !hosts.some((h) => h.id === id));
    if (missing.length)
      throw new GreenboardError(
        'not_found',
        `No host ${missing.map((m) => `"${m}"`).join(', ')} in this history. "greenboard hosts list" shows them.`,
      );
  }
  const kinds = input.kinds ?? HOST_SIGNAL_KINDS;
  const r = backtest({
    config: parsed.config,
    kinds,
    hosts: hosts.map((h) => ({ id: h.id, tags: h.tags, intervalMs: h.intervalMs })),
    from: input.fromTs,
    to: input.toTs,
    read: (hostId, from, to, fn) => engine.store.eachHistoryRow(hostId, from, to, fn),
  });
  return { fromTs: input.fromTs, toTs: input.toTs, kinds: [...kinds], ...r };
}

export function backtestHandlers(engine: Deps): Pick<Handlers, 'rules:test'> {
  return { 'rules:test': (input) => runBacktest(engine, input) };
}

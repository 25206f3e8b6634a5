import type { Handlers } from './core/slices';
import type { EngineContext } from './core/context';
import type { PromFleet } from './prometheus/promFleet';
import type { Alerting } from './alerting';
import { boardTrends } from './boardTrends';
import { exportFromApi } from './historyExport';
import { boardAt } from './timeTravel';

type Deps = Pick<
  EngineContext,
  'clock' | 'dataDir' | 'hosts' | 'review' | 'settings' | 'store' | 'writer'
> & {
  readonly alerting: Pick<Alerting, 'log'>;
  readonly promFleet: Pick<PromFleet, 'range'>;
};

/** Reading the past: charts' ranges, the board at a moment, trends, and standalone exports. */
export function historyHandlers(
  engine: Deps,
): Pick<Handlers, 'board:at' | 'board:trends' | 'metrics:range' | 'history:export'> {
  return {
    'board:at': ({ ts, step }) => {
      engine.writer?.flush();
      return boardAt(engine, ts, step);
    },
    'board:trends': (input) => boardTrends(engine, input),
    'metrics:range': ({ hostId, series, from, to, maxPoints }) => {
      const { host } = engine.hosts.get(hostId);
      // Prometheus hosts' history stays in Prometheus: charts read it with query_range.
      if (host.kind === 'prometheus') return engine.promFleet.range(host, series, from, to, maxPoints);
      engine.writer?.flush();
      return engine.store.range(hostId, series, from, to, maxPoints);
    },
    // Not live-only: it only reads the store, so a reviewed history may be exported.
    'history:export': (input) => exportFromApi(engine, input),
  };
}

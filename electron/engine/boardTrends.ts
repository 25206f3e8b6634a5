import type { ParsedInput } from '../../shared/contract';
import type { BoardTrends, TrendPoint } from '../../shared/trends';
import type { Host } from '../../shared/schemas';
import type { EngineContext } from './core/context';
import type { PromFleet } from './prometheus/promFleet';

/** What a card's sparklines draw, in this order. */
const TREND_SERIES = [
  { metric: 'cpu.busy_pct', labels: '' },
  { metric: 'mem.used_pct', labels: '' },
] as const;

/**
 * How long a Prometheus host's trend may take. The board waits for this call before its first
 * paint, so a source that hangs must not hold every card: its hosts start from live samples.
 */
export const PROM_TREND_WAIT_MS = 1000;

type TrendsEngine = Pick<EngineContext, 'hosts' | 'store' | 'writer' | 'review' | 'clock'> & {
  readonly promFleet: Pick<PromFleet, 'range'>;
};

/**
 * Every host's CPU and memory over its sparkline window (`samples` polls at its interval),
 * ending now, at a reviewed history's last sample, or at `to`. Stored hosts are read from the
 * raw tier, each poll at its own time; Prometheus hosts from Prometheus (query_range), as their
 * charts are. A host whose source cannot answer (in PROM_TREND_WAIT_MS) gets no points rather
 * than failing or holding up the board.
 */
export async function boardTrends(
  engine: TrendsEngine,
  { samples, to: asked }: ParsedInput<'board:trends'>,
): Promise<BoardTrends> {
  const to = asked ?? engine.review?.toTs ?? engine.clock.now();
  // Polls of the last moments may still wait in the write batch.
  engine.writer?.flush();
  const hosts = await Promise.all(
    engine.hosts.list().map(async ({ host }) => ({
      hostId: host.id,
      points: await hostTrend(engine, host, to - samples * host.intervalMs, to, samples),
    })),
  );
  return { to, hosts };
}

async function hostTrend(
  engine: TrendsEngine,
  host: Host,
  from: number,
  to: number,
  samples: number,
): Promise<TrendPoint[]> {
  if (host.kind === 'prometheus') {
    let timer: unknown = null;
    const late = new Promise<null>((resolve) => {
      timer = engine.clock.setTimeout(() => resolve(null), PROM_TREND_WAIT_MS);
    });
    try {
      const r = await Promise.race([engine.promFleet.range(host, TREND_SERIES, from, to, samples), late]);
      return r ? joinByTime(r.series[0] ?? [], r.series[1] ?? []) : [];
    } catch {
      return [];
    } finally {
      engine.clock.clearTimeout(timer);
    }
  }
  const tail = engine.store.rawTail(host.id, TREND_SERIES, from, to, samples);
  const [cpu = [], mem = []] = tail.values;
  return tail.ts.map((ts, i): TrendPoint => [ts, cpu[i] ?? null, mem[i] ?? null]);
}

/** CPU and memory points of a Prometheus range (same steps, but either may miss some) as one row each. */
function joinByTime(
  cpu: readonly (readonly [number, number, number, number])[],
  mem: readonly (readonly [number, number, number, number])[],
): TrendPoint[] {
  const byTs = new Map<number, TrendPoint>();
  for (const [t, v] of cpu) byTs.set(t, [t, v, null]);
  for (const [t, v] of mem) {
    const row = byTs.get(t);
    if (row) row[2] = v;
    else byTs.set(t, [t, null, v]);
  }
  return [...byTs.values()].sort((a, b) => a[0] - b[0]);
}

import { unflattenSample } from '../../shared/metrics';
import type { BoardEntry } from '../../shared/schemas';
import type { Greenboard } from './engine';
import { evaluateHealth } from './health';

/**
 * The board as it was at `ts`: each host's last stored poll at or before then, judged as of
 * then (waiting before its first sample, grey once its data had stopped).
 */
export function boardAt(engine: Greenboard, ts: number): BoardEntry[] {
  return engine.hostStates().map((s) => {
    const found = engine.store.pointsAt(s.host.id, ts);
    const latest = found
      ? unflattenSample(s.host.id, found.ts, found.points, s.latest?.cpu.cores ?? 1)
      : null;
    const ev = evaluateHealth(latest, found?.ts ?? null, ts, s.host.intervalMs, engine.thresholds);
    return {
      host: s.host,
      health: {
        hostId: s.host.id,
        state: ev.state,
        reasons: ev.reasons,
        lastSampleTs: found?.ts ?? null,
        since: found?.ts ?? ts,
      },
      latest,
      link: engine.linkOf(s),
    };
  });
}

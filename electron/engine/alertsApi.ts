import type { AlertEntry, SignalStatus } from '../../shared/alerts';
import type { ParsedInput } from '../../shared/contract';
import type { EngineContext } from './core/context';
import type { Alerting } from './alerting';
import type { ProbeService } from './probes/probeService';
import { signalLabel } from './rules/signals';

/** What this part of the engine uses of it. */
export type AlertsDeps = Pick<EngineContext, 'hosts' | 'review' | 'writer'> & {
  readonly alerting: Pick<Alerting, 'log' | 'signals'>;
  readonly probes: Pick<ProbeService, 'list'>;
};

/** `alerts:list`: the log, newest first; each search word may also match a host's name. */
export function listAlerts(
  engine: AlertsDeps,
  input: ParsedInput<'alerts:list'>,
): { entries: AlertEntry[]; more: boolean } {
  engine.writer?.flush();
  const hosts = engine.hosts.list().map((s) => s.host);
  const probes = input.q ? engine.probes.list().map((p) => p.def) : [];
  const words = (input.q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((text) => ({
      text,
      hostIds: hosts.filter((h) => h.name.toLowerCase().includes(text)).map((h) => h.id),
      probeIds: probes.filter((p) => p.name.toLowerCase().includes(text)).map((p) => p.id),
    }));
  return engine.alerting.log.list({
    scope: input.scope,
    limit: input.limit,
    words,
    ...(input.hostId !== undefined ? { hostId: input.hostId } : {}),
    ...(input.probeId !== undefined ? { probeId: input.probeId } : {}),
    ...(input.to !== undefined ? { to: input.to } : {}),
    ...(input.from !== undefined ? { from: input.from } : {}),
    ...(input.until !== undefined ? { until: input.until } : {}),
    ...(input.beforeId !== undefined ? { beforeId: input.beforeId } : {}),
  });
}

/**
 * `alerts:signals`: live, the rule engine's view; in a saved history, each signal's last
 * logged state as of the file's end (signals that never changed are not in the log).
 */
export function hostSignals(engine: AlertsDeps, hostId: string): SignalStatus[] {
  engine.hosts.get(hostId);
  if (!engine.review) return engine.alerting.signals(hostId);
  const at = engine.review.toTs ?? Number.MAX_SAFE_INTEGER;
  const rank = { critical: 3, warn: 2, stale: 1, ok: 0 } as const;
  return engine.alerting.log
    .signalsAt(hostId, at)
    .sort((a, b) => rank[b.to] - rank[a.to] || a.signal.localeCompare(b.signal))
    .map((e) => ({
      signal: e.signal,
      kind: e.kind,
      label: signalLabel(e.signal),
      state: e.to,
      since: e.at,
      value: e.value,
      reason: e.to === 'ok' ? null : e.reason,
    }));
}

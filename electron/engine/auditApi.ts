import type { AuditConfig, AuditReport } from '../../shared/audit';
import { GreenboardError } from '../../shared/errors';
import { AuditError, localRunner, runAudit, sshRunner, type ScriptRunner } from './audit';
import type { EngineContext } from './core/context';
import type { Handlers } from './core/slices';
import { asLinkRefusal, refuseIfDown } from './linkRefusal';
import { AuditStore, type AuditScorePoint } from './store/auditStore';

/** What running and reading audits use of the engine. */
export type AuditDeps = Pick<EngineContext, 'clock' | 'hosts' | 'store'>;

/**
 * How to run the audit script on a host: here for this machine, otherwise on the engine's own
 * SSH session (an exec channel beside the poll shell, no new login), as `greenboard check` does.
 */
function runnerFor(engine: AuditDeps, hostId: string): { name: string; run: ScriptRunner } {
  const s = engine.hosts.get(hostId);
  const remote = s.collector.remote;
  if (!remote) return { name: s.host.name, run: localRunner() };
  const link = s.collector.link;
  // The same words as a diagnostic's and the card's, so "unreachable" reads one way everywhere.
  const down = refuseIfDown(s.host.name, 'run the audit again', link);
  if (down) throw down;
  return { name: s.host.name, run: sshRunner(remote) };
}

/** Audits the host now, keeps the report and returns it (SecurityWatch.run folds it into health). */
export async function runHostAudit(
  engine: AuditDeps,
  hostId: string,
  config?: AuditConfig,
): Promise<AuditReport> {
  const { name, run } = runnerFor(engine, hostId);
  let report: AuditReport;
  try {
    report = await runAudit({ hostId, run, config, now: () => engine.clock.now() });
  } catch (err) {
    if (err instanceof AuditError) throw new GreenboardError('internal', err.message);
    throw asLinkRefusal(name, 'run the audit again', err);
  }
  if (!engine.store.db.open) return report; // stopped meanwhile
  new AuditStore(engine.store.db).insert(report);
  return report;
}

/** `audit:latest`: the host's most recent kept report, or null. */
export function latestAudit(engine: AuditDeps, hostId: string): AuditReport | null {
  engine.hosts.get(hostId);
  return new AuditStore(engine.store.db).latest(hostId);
}

/** `audit:history`: the host's last `limit` scores, oldest first. */
export function auditHistory(engine: AuditDeps, hostId: string, limit: number): AuditScorePoint[] {
  engine.hosts.get(hostId);
  return new AuditStore(engine.store.db).history(hostId, limit);
}

/** Security audits of a host: run one now, the latest report, the score over time. */
export function auditHandlers(
  engine: AuditDeps & {
    readonly security: { run(hostId: string, config?: AuditConfig): Promise<AuditReport> };
  },
): Pick<Handlers, 'audit:run' | 'audit:latest' | 'audit:history'> {
  return {
    'audit:run': ({ hostId, config }) => engine.security.run(hostId, config),
    'audit:latest': ({ hostId }) => latestAudit(engine, hostId),
    'audit:history': ({ hostId, limit }) => auditHistory(engine, hostId, limit),
  };
}

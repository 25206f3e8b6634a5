import type { AuditReport } from '../../shared/audit';
import { GreenboardError } from '../../shared/errors';
import { AuditError, localRunner, runAudit, sshRunner, type ScriptRunner } from './audit';
import type { Greenboard } from './engine';
import { asLinkRefusal, refuseIfDown } from './linkRefusal';
import { SshCollector } from './ssh/sshCollector';
import { AuditStore, type AuditScorePoint } from './store/auditStore';

/**
 * How to run the audit script on a host: here for this machine, otherwise on the engine's own
 * SSH session (an exec channel beside the poll shell, no new login), as `greenboard check` does.
 */
function runnerFor(engine: Greenboard, hostId: string): { name: string; run: ScriptRunner } {
  const s = engine.hostState(hostId);
  if (!(s.collector instanceof SshCollector)) return { name: s.host.name, run: localRunner() };
  const link = engine.linkOf(s);
  // The same words as a diagnostic's and the card's, so "unreachable" reads one way everywhere.
  const down = refuseIfDown(s.host.name, 'run the audit again', link);
  if (down) throw down;
  return { name: s.host.name, run: sshRunner(s.collector) };
}

/** `audit:run`: audits the host now, keeps the report and returns it. */
export async function runHostAudit(engine: Greenboard, hostId: string): Promise<AuditReport> {
  const { name, run } = runnerFor(engine, hostId);
  let report: AuditReport;
  try {
    report = await runAudit({ hostId, run, now: () => engine.clock.now() });
  } catch (err) {
    if (err instanceof AuditError) throw new GreenboardError('internal', err.message);
    throw asLinkRefusal(name, 'run the audit again', err);
  }
  if (!engine.store.db.open) return report; // stopped meanwhile
  new AuditStore(engine.store.db).insert(report);
  engine.security.noted(report);
  return report;
}

/** `audit:latest`: the host's most recent kept report, or null. */
export function latestAudit(engine: Greenboard, hostId: string): AuditReport | null {
  engine.hostState(hostId);
  return new AuditStore(engine.store.db).latest(hostId);
}

/** `audit:history`: the host's last `limit` scores, oldest first. */
export function auditHistory(engine: Greenboard, hostId: string, limit: number): AuditScorePoint[] {
  engine.hostState(hostId);
  return new AuditStore(engine.store.db).history(hostId, limit);
}

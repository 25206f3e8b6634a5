import type { AuditConfig, AuditReport } from '../../shared/audit';
import { securityVerdict, withSecurity, type SecurityVerdict } from './audit/securityHealth';
import { runHostAudit } from './auditApi';
import type { EngineContext } from './core/context';
import type { HostRegistry } from './core/hostRegistry';
import { AuditStore } from './store/auditStore';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'clock' | 'hosts' | 'log' | 'review' | 'store'>;

/** A host audited once is audited again when its last audit is this old. */
export const AUDIT_REFRESH_MS = 24 * 3_600_000;
/** How often due audits are looked for; the first look is a minute after start. */
const CHECK_EVERY_MS = 3_600_000;
const FIRST_CHECK_MS = 60_000;

/**
 * Feeds each host's last security audit into its health, and keeps audits fresh: a host that
 * has been audited (by the user, once) is audited again daily, one host at a time, so its score
 * over time fills in without anyone clicking. Hosts never audited are left alone: the audit
 * reads things (sshd -T, apt) an owner may not want run unasked.
 */
export class SecurityWatch {
  private readonly verdicts = new Map<string, { ts: number; verdict: SecurityVerdict | null }>();
  private timer: unknown = null;
  private running = false;
  private sweep: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: Deps,
    private readonly onChange: (hostId: string) => void,
  ) {}

  /** `audit:run`: audits the host now, keeps the report and folds it into the host's health. */
  async run(hostId: string, config?: AuditConfig): Promise<AuditReport> {
    const report = await runHostAudit(this.engine, hostId, config);
    if (this.engine.store.db.open) this.noted(report);
    return report;
  }

  /** The host's verdict from its last kept audit (read once, then kept in memory). */
  verdict(hostId: string): SecurityVerdict | null {
    return this.entry(hostId)?.verdict ?? null;
  }

  private entry(hostId: string): { ts: number; verdict: SecurityVerdict | null } | null {
    let e = this.verdicts.get(hostId);
    if (!e) {
      if (!this.engine.store.db.open) return null;
      const report = new AuditStore(this.engine.store.db).latest(hostId);
      if (!report) return null;
      e = { ts: report.ts, verdict: securityVerdict(report) };
      this.verdicts.set(hostId, e);
    }
    return e;
  }

  /** A new audit was kept: re-judge the host. */
  noted(report: AuditReport): void {
    this.verdicts.set(report.hostId, { ts: report.ts, verdict: securityVerdict(report) });
    this.onChange(report.hostId);
  }

  forget(hostId: string): void {
    this.verdicts.delete(hostId);
  }

  start(): void {
    if (this.running || this.engine.review) return;
    this.running = true;
    this.timer = this.engine.clock.setTimeout(() => this.tick(), FIRST_CHECK_MS);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.engine.clock.clearTimeout(this.timer);
    await this.sweep;
  }

  private tick(): void {
    this.sweep = this.auditDue().finally(() => {
      if (this.running) this.timer = this.engine.clock.setTimeout(() => this.tick(), CHECK_EVERY_MS);
    });
  }

  /** Audits, one after another, every host whose last audit is older than a day. */
  async auditDue(): Promise<void> {
    for (const s of this.engine.hosts.list()) {
      if (!this.running) return;
      const e = this.entry(s.host.id);
      if (!e || this.engine.clock.now() - e.ts < AUDIT_REFRESH_MS) continue;
      if (s.collector.link.state !== 'ok') continue; // tried again next hour
      try {
        await this.run(s.host.id);
      } catch (err) {
        this.engine.log.warn(`daily security audit of ${s.host.name} failed: ${(err as Error).message}`);
      }
    }
  }
}

/**
 * Each host's last audit folded into its health (after the inputs registered before it), and
 * its verdict forgotten when it leaves the board.
 */
export function wireSecurity(
  hosts: Pick<HostRegistry, 'addHooks' | 'addHealthInput'>,
  security: SecurityWatch,
): void {
  hosts.addHooks({ onUnmount: (hostId) => security.forget(hostId) });
  hosts.addHealthInput((host, ev) => withSecurity(ev, security.verdict(host.id)));
}

import { GreenboardError } from '../../../shared/errors';
import type { ChecklistTemplate, HostSnapshot, Incident } from '../../../shared/incidents';
import type { ParsedInput } from '../../../shared/contract';
import { memUsedPct } from '../../../shared/metrics';
import type { EngineContext } from '../core/context';
import type { ProbeService } from '../probes/probeService';
import type { Alerting } from '../alerting';
import { suggestTemplate } from './model';

/** What this part of the engine uses of it. */
type Deps = Pick<EngineContext, 'hosts'> & {
  readonly probes: Pick<ProbeService, 'list'>;
  readonly alerting: Pick<Alerting, 'signals'>;
};

type DeclareInput = ParsedInput<'incidents:declare'>;

/** A host's key numbers and verdict now, kept in the incident as they were at declaration. */
function snapshot(engine: Deps, hostId: string): HostSnapshot {
  const s = engine.hosts.get(hostId);
  const x = s.latest;
  return {
    hostId,
    hostName: s.host.name,
    ts: x?.ts ?? null,
    health: s.health.state,
    reasons: [...s.health.reasons],
    cpuPct: x ? x.cpu.busyPct : null,
    memPct: x ? memUsedPct(x) : null,
    load1: x?.load?.[0] ?? null,
    disks: x ? x.disks.map((d) => ({ mount: d.mount, usedPct: d.usedPct })) : [],
  };
}

/**
 * A new incident from what the board knows now: each host's non-ok signals and each failing
 * probe's reasons (the triggering signals), a snapshot of each host, when the impact began
 * (the earliest `since` among them), and the checklist of the chosen or suggested template.
 */
export function newIncident(
  engine: Deps,
  id: string,
  input: DeclareInput,
  templates: readonly ChecklistTemplate[],
  now: number,
): Incident {
  const snaps = input.hostIds.map((h) => snapshot(engine, h));
  const probes = engine.probes.list();
  const missing = input.probeIds.filter((p) => !probes.some((x) => x.def.id === p));
  if (missing.length)
    throw new GreenboardError(
      'not_found',
      `No probe ${missing.map((p) => `"${p}"`).join(', ')}. Run probes:list to see the probes.`,
    );
  const signals: string[] = [];
  const raised: string[] = [];
  let startedAt = now;
  for (const h of input.hostIds) {
    const s = engine.hosts.get(h);
    const bad = engine.alerting.signals(h).filter((x) => x.state !== 'ok');
    for (const x of bad) {
      signals.push(`${s.host.name}: ${x.reason ?? `${x.label} ${x.state}`}`);
      raised.push(x.signal);
    }
    if (bad.length === 0) signals.push(...s.health.reasons.map((r) => `${s.host.name}: ${r}`));
    if (s.health.state === 'red' || s.health.state === 'amber' || s.health.state === 'grey') {
      startedAt = Math.min(startedAt, s.health.since);
      if (s.health.state === 'grey') raised.push('data');
    }
  }
  for (const p of probes.filter((x) => input.probeIds.includes(x.def.id))) {
    if (p.health.state === 'green') continue;
    signals.push(...p.health.reasons.map((r) => `${p.def.name}: ${r}`));
    raised.push('probe');
    startedAt = Math.min(startedAt, p.health.since);
  }
  let template: ChecklistTemplate | null = null;
  if (input.template) {
    template = templates.find((t) => t.id === input.template) ?? null;
    if (!template)
      throw new GreenboardError(
        'not_found',
        `No checklist template "${input.template}". Known: ${templates.map((t) => t.id).join(', ')}.`,
      );
  } else {
    // The signal the user declared from wins; else the worst raised one (signals come worst first).
    const candidates = [...(input.fromSignal ? [input.fromSignal] : []), ...raised];
    for (const c of candidates) if ((template = suggestTemplate(c, templates))) break;
  }
  return {
    id,
    title: input.title,
    severity: input.severity,
    status: 'investigating',
    hostIds: [...new Set(input.hostIds)],
    probeIds: [...new Set(input.probeIds)],
    roles: input.commander ? { commander: input.commander } : {},
    template: template?.id ?? null,
    checklist: (template?.steps ?? []).map((s) => ({ ...s, doneAt: null, doneBy: null })),
    signals,
    snapshot: snaps,
    startedAt: Math.min(startedAt, now),
    declaredAt: now,
    declaredBy: input.by,
    acknowledgedAt: input.commander ? now : null,
    mitigatedAt: null,
    resolvedAt: null,
    lastUpdateAt: null,
    resolution: null,
  };
}

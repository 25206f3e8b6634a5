import type { MethodName } from '../../../shared/channels';
import type { ParsedInput } from '../../../shared/contract';
import { GreenboardError } from '../../../shared/errors';
import type {
  ChecklistTemplate,
  Incident,
  IncidentSummary,
  IncidentView,
  Plan,
  TimelineEntry,
} from '../../../shared/incidents';
import { BUILTIN_CHECKS } from '../diagnostics/checks';
import type { EngineContext } from '../core/context';
import type { ProbeService } from '../probes/probeService';
import type { Alerting } from '../alerting';
import { IncidentChannel } from './channel';
import { newIncident } from './declare';
import { stepDiagnostic } from './diagStep';
import { TimelineFeed } from './feed';
import { metricTables } from './metricsWindow';
import * as model from './model';
import { postmortemFileName, postmortemMarkdown } from './postmortem';
import { IncidentStore } from './store';

/** What this part of the engine uses of it. */
type Deps = Pick<
  EngineContext,
  'clock' | 'emit' | 'hosts' | 'log' | 'on' | 'review' | 'settings' | 'store' | 'writer'
> & {
  readonly probes: Pick<ProbeService, 'list'>;
  readonly alerting: Pick<Alerting, 'signals'>;
};

type In<M extends MethodName> = ParsedInput<M>;

/**
 * Incidents in the engine: declaring, the lifecycle, roles, checklists (whose steps may run a
 * diagnostic), notes, status updates to the webhook, and the postmortem. Every change is
 * written at once and announced as `incidents:changed`. Reviewing a saved history, it only reads.
 */
export class IncidentService {
  private storeCache: IncidentStore | null = null;
  private readonly channel: IncidentChannel;
  private readonly feed: TimelineFeed;
  private running = false;

  constructor(private readonly engine: Deps) {
    this.channel = new IncidentChannel(engine);
    this.feed = new TimelineFeed(
      engine,
      () => this.store.open(),
      (inc, e) => this.append(inc, e),
    );
  }

  private get store(): IncidentStore {
    return (this.storeCache ??= new IncidentStore(this.engine.store.db));
  }

  /** Starts following open incidents' hosts and probes, and sending queued updates. */
  start(): void {
    if (this.running || this.engine.review) return;
    this.running = true;
    this.feed.start();
    this.channel.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.feed.stop();
    await this.channel.stop();
  }

  plan(): Plan {
    return this.store.plan();
  }

  setPlan(plan: Plan): Plan {
    this.store.setPlan(plan);
    return this.store.plan();
  }

  templates(): ChecklistTemplate[] {
    return this.store.templates();
  }

  setTemplates(templates: ChecklistTemplate[]): ChecklistTemplate[] {
    // Only the built-in read-only diagnostics: a step runs without asking, saved commands ask first.
    const known = new Set(BUILTIN_CHECKS.map((c) => c.id));
    for (const [i, t] of templates.entries())
      for (const [j, s] of t.steps.entries())
        if (s.diag && !known.has(s.diag)) {
          const message = `Step "${s.id}" of "${t.title}" names diagnostic "${s.diag}", which is not a built-in one. Use one of: ${[...known].join(', ')}.`;
          // The path is the call's own (incidents:setTemplates takes { templates }).
          throw new GreenboardError('bad_request', message, [
            { path: ['templates', i, 'steps', j, 'diag'], message },
          ]);
        }
    this.store.setTemplates(templates);
    return this.store.templates();
  }

  list(input: In<'incidents:list'>): IncidentSummary[] {
    const plan = this.plan();
    const now = this.now();
    return this.store
      .all()
      .filter((i) => input.status === 'all' || (input.status === 'open') === (i.status !== 'resolved'))
      .sort(model.incidentOrder)
      .slice(0, input.limit)
      .map((i) => model.summarize(i, plan, now));
  }

  get(id: string): IncidentView {
    const inc = this.must(id);
    const timeline = this.store.timeline(inc.id);
    return {
      ...model.summarize(inc, this.plan(), this.now()),
      timeline,
      deliveries: this.channel.updateDeliveries(timeline),
    };
  }

  declare(input: In<'incidents:declare'>): IncidentView {
    const now = this.engine.clock.now();
    const inc = newIncident(this.engine, this.store.nextId(), input, this.templates(), now);
    this.store.insert(inc);
    for (const p of this.engine.probes.list()) if (inc.probeIds.includes(p.def.id)) this.feed.watchProbe(p);
    const template = this.templates().find((t) => t.id === inc.template);
    this.append(inc, {
      ts: now,
      kind: 'declared',
      who: input.by,
      text: `Declared ${inc.severity}: ${inc.title}${template ? ` (checklist: ${template.title})` : ''}`,
      data: { signals: inc.signals, template: inc.template, hostIds: inc.hostIds, probeIds: inc.probeIds },
    });
    if (input.commander) this.roleEntry(inc, 'commander', input.commander, input.by, now);
    return this.get(inc.id);
  }

  setStatus(input: In<'incidents:setStatus'>): IncidentView {
    const inc = this.must(input.id);
    model.checkTransition(inc.id, inc.status, input.status);
    const now = this.engine.clock.now();
    const next = model.withStatus(inc, input.status, now);
    this.store.save(next);
    const why = input.text ? `: ${input.text}` : '';
    this.append(next, {
      ts: now,
      kind: 'status',
      who: input.by,
      text: `${inc.status} → ${input.status}${why}`,
    });
    return this.get(inc.id);
  }

  setSeverity(input: In<'incidents:setSeverity'>): IncidentView {
    const inc = this.mustOpen(input.id);
    if (inc.severity === input.severity) return this.get(inc.id);
    const now = this.engine.clock.now();
    this.store.save({ ...inc, severity: input.severity });
    this.append(inc, {
      ts: now,
      kind: 'severity',
      who: input.by,
      text: `${inc.severity} → ${input.severity}`,
    });
    return this.get(inc.id);
  }

  assign(input: In<'incidents:assign'>): IncidentView {
    const inc = this.mustOpen(input.id);
    const now = this.engine.clock.now();
    const next = model.withRole(inc, this.plan(), input.roleId, input.member, now);
    this.store.save(next);
    this.roleEntry(next, input.roleId, input.member, input.by, now);
    return this.get(inc.id);
  }

  async tick(input: In<'incidents:tick'>): Promise<IncidentView> {
    const inc = this.mustOpen(input.id);
    const step = inc.checklist.find((s) => s.id === input.stepId);
    if (!step)
      throw new GreenboardError(
        'not_found',
        `${inc.id} has no checklist step "${input.stepId}". Steps: ${inc.checklist.map((s) => s.id).join(', ') || 'none'}.`,
      );
    if ((step.doneAt !== null) === input.done) return this.get(inc.id);
    const now = this.engine.clock.now();
    const checklist = inc.checklist.map((s) =>
      s.id === step.id ? { ...s, doneAt: input.done ? now : null, doneBy: input.done ? input.by : null } : s,
    );
    this.store.save({ ...inc, checklist });
    this.append(inc, {
      ts: now,
      kind: 'checklist',
      who: input.by,
      text: `${input.done ? 'Done' : 'Not done'}: ${step.text}`,
      data: { stepId: step.id },
    });
    if (input.done && step.diag)
      this.append(
        inc,
        await stepDiagnostic(this.engine, step.diag, input.hostId ?? inc.hostIds[0], input.by),
      );
    return this.get(inc.id);
  }

  note(input: In<'incidents:note'>): IncidentView {
    const inc = this.must(input.id);
    this.append(inc, { ts: this.engine.clock.now(), kind: 'note', who: input.by, text: input.text });
    return this.get(inc.id);
  }

  /** Records a status update and sends it to the webhook when the severity's policy says so. */
  update(input: In<'incidents:update'>): IncidentView {
    const inc = this.must(input.id);
    const now = this.engine.clock.now();
    const policy = this.plan().severities[inc.severity];
    let data: Record<string, unknown>;
    if (!policy.webhook) data = { notSent: `the plan keeps ${inc.severity} updates off the webhook` };
    else {
      const commander = inc.roles.commander ? `\nIncident Commander: ${inc.roles.commander}` : '';
      const text = `[${inc.severity}] ${inc.id} · ${inc.title} · ${inc.status}\n${input.text}\n— ${input.by}${commander}`;
      const deliveryId = this.channel.send(text);
      data =
        deliveryId === null
          ? { notSent: 'no webhook is set (Settings → Notifications)' }
          : { deliveryId, channel: 'webhook' };
    }
    this.store.save({ ...inc, lastUpdateAt: now });
    this.append(inc, { ts: now, kind: 'update', who: input.by, text: input.text, data });
    return this.get(inc.id);
  }

  resolve(input: In<'incidents:resolve'>): IncidentView {
    const inc = this.must(input.id);
    const now = this.engine.clock.now();
    const next = model.resolved(inc, now, input.resolution ?? null);
    this.store.save(next);
    const how = input.resolution ? `: ${input.resolution}` : '';
    this.append(next, { ts: now, kind: 'resolved', who: input.by, text: `Resolved${how}` });
    return this.get(inc.id);
  }

  reopen(input: In<'incidents:reopen'>): IncidentView {
    const inc = this.must(input.id);
    const next = model.reopened(inc);
    this.store.save(next);
    const now = this.engine.clock.now();
    this.append(next, { ts: now, kind: 'status', who: input.by, text: `Reopened: ${input.why}` });
    return this.get(inc.id);
  }

  postmortem(id: string): { fileName: string; markdown: string } {
    const inc = this.must(id);
    const markdown = postmortemMarkdown(
      inc,
      this.store.timeline(inc.id),
      this.plan(),
      metricTables(this.engine, inc, this.now()),
    );
    return { fileName: postmortemFileName(inc), markdown };
  }

  suggest(signal: string): { template: ChecklistTemplate | null } {
    return { template: model.suggestTemplate(signal, this.templates()) };
  }

  private roleEntry(inc: Incident, roleId: string, member: string | null, by: string, now: number): void {
    const role = this.plan().roles.find((r) => r.id === roleId)?.name ?? roleId;
    const text = member === null ? `${role} unassigned` : `${role}: ${member}`;
    this.append(inc, { ts: now, kind: 'role', who: by, text, data: { roleId, member } });
  }

  /** Appends to the timeline and announces the incident as it now stands. */
  private append(inc: Incident, e: Omit<TimelineEntry, 'id'>): void {
    this.store.append(inc.id, e);
    const current = this.store.get(inc.id) ?? inc;
    this.engine.emit('incidents:changed', {
      id: inc.id,
      incident: model.summarize(current, this.plan(), this.now()),
    });
  }

  /** "Now" for computed fields: a saved history is judged as of its end, not as of today. */
  private now(): number {
    return this.engine.review?.toTs ?? this.engine.clock.now();
  }

  private must(id: string): Incident {
    const inc = this.store.get(id.toUpperCase());
    if (!inc)
      throw new GreenboardError(
        'not_found',
        `No incident "${id}". Run "greenboard incidents list" (or incidents:list) to see them.`,
      );
    return inc;
  }

  private mustOpen(id: string): Incident {
    const inc = this.must(id);
    if (inc.status === 'resolved')
      throw new GreenboardError(
        'conflict',
        `${inc.id} is resolved. Reopen it (incidents:reopen) to change it.`,
      );
    return inc;
  }
}

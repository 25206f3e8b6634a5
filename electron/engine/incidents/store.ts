import type Database from 'better-sqlite3';
import {
  IncidentSchema,
  PlanSchema,
  TemplatesSchema,
  type ChecklistTemplate,
  type Incident,
  type Plan,
  type TimelineEntry,
  type TimelineKind,
} from '../../../shared/incidents';
import { DEFAULT_PLAN, DEFAULT_TEMPLATES } from './defaults';
import { orderTimeline } from './model';

interface TimelineRow {
  id: number;
  ts: number;
  kind: TimelineKind;
  who: string;
  text: string;
  data: string | null;
}

const PLAN_KEY = 'incidents.plan';
const TEMPLATES_KEY = 'incidents.templates';

/**
 * Incidents in SQLite (schema 7): each incident as one JSON document, its timeline as
 * append-only rows beside it. Both live in the history file, so a saved history carries its
 * incidents.
 *
 * The plan and templates are kept in the database's `settings` table rather than in
 * greenboard.json: an incident names roles, severities and steps from the plan it was run
 * with, and a history file reviewed elsewhere must still make sense without that machine's
 * config file.
 */
export class IncidentStore {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      get: db.prepare<[string], { doc: string }>('SELECT doc FROM incidents WHERE id = ?'),
      all: db.prepare<[], { doc: string }>('SELECT doc FROM incidents'),
      open: db.prepare<[], { doc: string }>('SELECT doc FROM incidents WHERE resolved_at IS NULL'),
      nextSeq: db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM incidents').pluck(),
      insert: db.prepare<[string, number, number, string, string]>(
        'INSERT INTO incidents (id, seq, declared_at, resolved_at, host_ids, doc) VALUES (?, ?, ?, NULL, ?, ?)',
      ),
      save: db.prepare<[number | null, string, string, string]>(
        'UPDATE incidents SET resolved_at = ?, host_ids = ?, doc = ? WHERE id = ?',
      ),
      append: db.prepare<[string, number, string, string, string, string | null]>(
        'INSERT INTO incident_timeline (incident_id, ts, kind, who, text, data) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      timeline: db.prepare<[string], TimelineRow>(
        'SELECT id, ts, kind, who, text, data FROM incident_timeline WHERE incident_id = ? ORDER BY ts, id',
      ),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  /** The plan; the defaults until one is saved (or when a saved one no longer parses). */
  plan(): Plan {
    const parsed = PlanSchema.safeParse(this.readSetting(PLAN_KEY));
    return parsed.success ? parsed.data : structuredClone(DEFAULT_PLAN);
  }

  setPlan(plan: Plan): void {
    this.stmts.setSetting.run(PLAN_KEY, JSON.stringify(plan));
  }

  templates(): ChecklistTemplate[] {
    const parsed = TemplatesSchema.safeParse(this.readSetting(TEMPLATES_KEY));
    return parsed.success ? parsed.data : structuredClone(DEFAULT_TEMPLATES);
  }

  setTemplates(templates: ChecklistTemplate[]): void {
    this.stmts.setSetting.run(TEMPLATES_KEY, JSON.stringify(templates));
  }

  /** The next id, `INC-<n>`. */
  nextId(): string {
    return `INC-${this.stmts.nextSeq.get() as number}`;
  }

  /** Saves a new incident; its id must come from {@link nextId}. */
  insert(inc: Incident): void {
    const seq = Number(inc.id.slice(4));
    this.stmts.insert.run(inc.id, seq, inc.declaredAt, JSON.stringify(inc.hostIds), JSON.stringify(inc));
  }

  save(inc: Incident): void {
    this.stmts.save.run(inc.resolvedAt, JSON.stringify(inc.hostIds), JSON.stringify(inc), inc.id);
  }

  get(id: string): Incident | null {
    const row = this.stmts.get.get(id);
    return row ? IncidentSchema.parse(JSON.parse(row.doc)) : null;
  }

  all(): Incident[] {
    return this.stmts.all.all().map((r) => IncidentSchema.parse(JSON.parse(r.doc)));
  }

  /** The incidents not resolved: what the timeline feed watches. */
  open(): Incident[] {
    return this.stmts.open.all().map((r) => IncidentSchema.parse(JSON.parse(r.doc)));
  }

  /** Appends a timeline entry; returns it with its id. */
  append(incidentId: string, e: Omit<TimelineEntry, 'id'>): TimelineEntry {
    const r = this.stmts.append.run(
      incidentId,
      e.ts,
      e.kind,
      e.who,
      e.text,
      e.data === undefined ? null : JSON.stringify(e.data),
    );
    return { ...e, id: Number(r.lastInsertRowid) };
  }

  timeline(incidentId: string): TimelineEntry[] {
    return orderTimeline(
      this.stmts.timeline.all(incidentId).map((r) => ({
        id: r.id,
        ts: r.ts,
        kind: r.kind,
        who: r.who,
        text: r.text,
        ...(r.data === null ? {} : { data: JSON.parse(r.data) as Record<string, unknown> }),
      })),
    );
  }

  private readSetting(key: string): unknown {
    const raw = this.stmts.getSetting.get(key) as string | undefined;
    return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
  }
}

import type Database from 'better-sqlite3';
import {
  ChecklistTemplateSchema,
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
import { GreenboardError } from '../../../shared/errors';

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

  /** The checklist templates; the defaults until some are saved (or when saved ones no longer parse). */
  templates(): ChecklistTemplate[] {
    const raw = this.readSetting(TEMPLATES_KEY);
    const parsed = TemplatesSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    // One template that no longer validates (an older version, a crafted file) costs only
    // itself: the others stay, the first of each id wins.
    if (Array.isArray(raw)) {
      const kept = new Map<string, ChecklistTemplate>();
      for (const item of raw) {
        const one = ChecklistTemplateSchema.safeParse(item);
        if (one.success && !kept.has(one.data.id)) kept.set(one.data.id, one.data);
      }
      if (kept.size > 0) return [...kept.values()];
    }
    return structuredClone(DEFAULT_TEMPLATES);
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

  /** One incident; refused with what is wrong when its stored document no longer reads. */
  get(id: string): Incident | null {
    const row = this.stmts.get.get(id);
    if (!row) return null;
    const inc = readIncident(row.doc);
    if (typeof inc === 'string') {
      throw new GreenboardError(
        'conflict',
        `Incident ${id} cannot be read from this history (${inc}): it was written by another version or edited by hand. The other incidents are unaffected.`,
      );
    }
    return inc;
  }

  /** Every incident that reads; one that does not (a crafted or older file) is left out, not the list. */
  all(): Incident[] {
    return this.stmts.all.all().flatMap((r) => readable(r.doc));
  }

  /** The incidents not resolved: what the timeline feed watches. */
  open(): Incident[] {
    return this.stmts.open.all().flatMap((r) => readable(r.doc));
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
        ...(r.data === null ? {} : dataOf(r.data)),
      })),
    );
  }

  /** Undefined when missing or not JSON (a crafted file): the caller then uses the defaults. */
  private readSetting(key: string): unknown {
    const raw = this.stmts.getSetting.get(key);
    if (typeof raw !== 'string') return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
}

/** The incident, or what is wrong with its stored document. */
function readIncident(doc: string): Incident | string {
  let raw: unknown;
  try {
    raw = JSON.parse(doc);
  } catch {
    return 'not JSON';
  }
  const parsed = IncidentSchema.safeParse(raw);
  return parsed.success ? parsed.data : (parsed.error.issues[0]?.message ?? 'does not fit');
}

function readable(doc: string): Incident[] {
  const inc = readIncident(doc);
  return typeof inc === 'string' ? [] : [inc];
}

/** A timeline entry's extra data; dropped (the entry kept) when it does not read. */
function dataOf(raw: string): { data?: Record<string, unknown> } {
  try {
    const data = JSON.parse(raw) as unknown;
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? { data: data as Record<string, unknown> }
      : {};
  } catch {
    return {};
  }
}

import type Database from 'better-sqlite3';
import { METRICS, type FlatPoint, type MetricName } from '../../../shared/metrics';
import { scaleFor } from './codec';

/** The series of one packed row, in order, with each one's quantum (see codec.ts). */
export interface Layout {
  id: number;
  metrics: MetricName[];
  labels: string[];
  scales: number[];
  /** "metric\u0001labels" → position in the row. */
  index: Map<string, number>;
}

export function seriesKey(metric: string, labels: string): string {
  return `${metric}\u0001${labels}`;
}

/**
 * Small integer ids for hosts and row layouts, so a stored row carries two short integers
 * instead of names. Both tables only grow; ids are never reused.
 */
export class SeriesIndex {
  private readonly nums = new Map<string, number>();
  private readonly byShape = new Map<string, Layout>();
  private readonly byId = new Map<number, Layout>();
  private readonly bad = new Set<number>();
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      findHost: db.prepare('SELECT num FROM host_nums WHERE host_id = ?').pluck(),
      addHost: db.prepare('INSERT INTO host_nums (host_id) VALUES (?)'),
      findLayout: db.prepare('SELECT id FROM layouts WHERE series = ?').pluck(),
      getLayout: db.prepare('SELECT series FROM layouts WHERE id = ?').pluck(),
      addLayout: db.prepare('INSERT INTO layouts (series) VALUES (?)'),
    };
  }

  /** The host's number, or null if nothing was ever stored for it (unless `create`). */
  hostNum(hostId: string, create = false): number | null {
    let num = this.nums.get(hostId);
    if (num !== undefined) return num;
    num = this.stmts.findHost.get(hostId) as number | undefined;
    if (num === undefined) {
      if (!create) return null;
      num = Number(this.stmts.addHost.run(hostId).lastInsertRowid);
    }
    this.nums.set(hostId, num);
    return num;
  }

  forgetHost(hostId: string): void {
    this.nums.delete(hostId);
  }

  /** The layout of these points (created on first use). */
  layoutOf(points: readonly FlatPoint[]): Layout {
    let shape = '';
    for (const [metric, labels] of points) shape += `${metric}\u0001${labels}\u0002`;
    const cached = this.byShape.get(shape);
    if (cached) return cached;
    const series = points.map(([m, l]) => [m, l, scaleFor(m, METRICS[m].unit)] as const);
    const json = JSON.stringify(series);
    const id =
      (this.stmts.findLayout.get(json) as number | undefined) ??
      Number(this.stmts.addLayout.run(json).lastInsertRowid);
    const layout = this.layout(id);
    // Found by the very JSON just written, so it reads back; anything else is a bug here.
    if (!layout) throw new Error(`layout ${id} did not read back`);
    this.byShape.set(shape, layout);
    return layout;
  }

  /**
   * The layout with this id, or null when there is none or its row does not read (a crafted
   * or damaged file): the rows that use it are then skipped, the rest of the history still reads.
   */
  layout(id: number): Layout | null {
    const cached = this.byId.get(id);
    if (cached) return cached;
    if (this.bad.has(id)) return null;
    const series = parseLayout(this.stmts.getLayout.get(id));
    if (!series) {
      this.bad.add(id);
      return null;
    }
    const layout: Layout = {
      id,
      metrics: series.map((s) => s[0]),
      labels: series.map((s) => s[1]),
      scales: series.map((s) => s[2]),
      index: new Map(series.map((s, i) => [seriesKey(s[0], s[1]), i])),
    };
    this.byId.set(id, layout);
    return layout;
  }
}

/** `[[metric, labels, scale], ...]` from a layouts row, or null when it is anything else. */
function parseLayout(json: unknown): [MetricName, string, number][] | null {
  if (typeof json !== 'string') return null;
  let series: unknown;
  try {
    series = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(series) || series.length === 0) return null;
  const ok = series.every(
    (s: unknown) =>
      Array.isArray(s) &&
      s.length === 3 &&
      typeof s[0] === 'string' &&
      typeof s[1] === 'string' &&
      typeof s[2] === 'number' &&
      Number.isFinite(s[2]) &&
      s[2] > 0,
  );
  return ok ? (series as [MetricName, string, number][]) : null;
}

import { theilSen } from '../../forecast/theilSen';
import { MIN_MEAN_CPU_FOR_SKEW } from '../groupReadings';
import { ratioWords, scaleIn, shares, worstSkew } from '../groupStats';
import type { CapacityModel, Chart, ForecastRow, Growth, Headroom, MeasureInfo, RangeStats } from './model';
import type { BucketSeries, MeasureName, ReportData } from './reportData';

const DAY = 86_400_000;
/** A chart line keeps at most this many points (buckets merged by their mean): a small file. */
const CHART_POINTS = 240;
/** Theil–Sen compares every pair: past this many points the series is thinned evenly. */
const FIT_POINTS = 1500;

const pct = (v: number): string => `${Math.round(v)} %`;
export const MEASURES: readonly MeasureInfo[] = [
  { name: 'cpu', label: 'CPU', format: pct, full: 100 },
  { name: 'mem', label: 'Memory', format: pct, full: 100 },
  { name: 'load', label: 'Load per core', format: (v) => v.toFixed(2), full: 1 },
];

/** "2026-03-10 12:00 UTC": one time zone for every reader of the file. */
export function utc(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "15 min", "1 h", "3 h": a bucket's width. */
export function widthWords(ms: number): string {
  return ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} h` : `${Math.round(ms / 60_000)} min`;
}

/** Mean, nearest-rank 95th percentile of the bucket means, and peak of the bucket maxima. */
export function rangeStats(s: BucketSeries, start: number, bucketMs: number): RangeStats | null {
  const xs: number[] = [];
  let peak = -Infinity;
  let peakTs = start;
  for (let i = 0; i < s.mean.length; i++) {
    const m = s.mean[i]!;
    if (Number.isNaN(m)) continue;
    xs.push(m);
    const top = Number.isNaN(s.max[i]!) ? m : s.max[i]!;
    if (top > peak) {
      peak = top;
      peakTs = start + i * bucketMs;
    }
  }
  if (xs.length === 0) return null;
  xs.sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const p95 = xs[Math.max(0, Math.ceil(0.95 * xs.length) - 1)]!;
  return { mean, p95, peak, peakTs, buckets: xs.length };
}

/** Per bucket, the mean over the members that have a value (NaN where none has). */
function acrossMembers(list: readonly BucketSeries[], count: number): BucketSeries {
  const out = { mean: new Float64Array(count).fill(NaN), max: new Float64Array(count).fill(NaN) };
  for (let i = 0; i < count; i++) {
    let n = 0;
    let sum = 0;
    let top = 0;
    for (const s of list) {
      const m = s.mean[i]!;
      if (Number.isNaN(m)) continue;
      n++;
      sum += m;
      top += Number.isNaN(s.max[i]!) ? m : s.max[i]!;
    }
    if (n > 0) {
      out.mean[i] = sum / n;
      out.max[i] = top / n;
    }
  }
  return out;
}

function growthOf(info: MeasureInfo, s: BucketSeries, d: ReportData): Growth | null {
  const t: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < d.count; i++) {
    if (Number.isNaN(s.mean[i]!)) continue;
    t.push((i * d.bucketMs + d.bucketMs / 2) / DAY);
    y.push(s.mean[i]!);
  }
  // Under a day of buckets a slope per day says more about the time of day than about growth.
  if (t.length < 3 || t.at(-1)! - t[0]! < 1) return null;
  const step = Math.ceil(t.length / FIT_POINTS);
  const tx = t.filter((_, i) => i % step === 0);
  const ty = y.filter((_, i) => i % step === 0);
  const fit = theilSen(tx, ty);
  if (!fit) return null;
  const unit = info.full === 100 ? ' points' : '';
  const f = (v: number): string => (info.full === 100 ? v.toFixed(1) : v.toFixed(3));
  const range = `(90 % range ${f(fit.slopeLow)} to ${f(fit.slopeHigh)})`;
  let words: string;
  if (fit.slopeLow <= 0 && fit.slopeHigh >= 0)
    words = `no clear trend: ${f(fit.slope)}${unit} a day ${range}`;
  else {
    words = `${fit.slope > 0 ? 'grows' : 'falls'} ${f(Math.abs(fit.slope))}${unit} a day ${range}`;
    const now = fit.intercept + fit.slope * t.at(-1)!;
    const target = 0.7 * info.full;
    if (fit.slope > 0 && now < target)
      words += `; at this rate the mean reaches ${info.format(target)} in about ${Math.ceil((target - now) / fit.slope)} days`;
  }
  return { perDay: fit.slope, low: fit.slopeLow, high: fit.slopeHigh, points: fit.n, words };
}

/** A line of at most CHART_POINTS points: neighbouring buckets merged by their mean. */
function chartPoints(values: Float64Array, d: ReportData): [number, number][] {
  const per = Math.max(1, Math.ceil(d.count / CHART_POINTS));
  const out: [number, number][] = [];
  for (let i = 0; i < d.count; i += per) {
    let n = 0;
    let sum = 0;
    for (let k = i; k < Math.min(d.count, i + per); k++)
      if (!Number.isNaN(values[k]!)) {
        n++;
        sum += values[k]!;
      }
    out.push([d.start + (i + per / 2) * d.bucketMs, n ? sum / n : NaN]);
  }
  return out;
}

const STATE_RANK = { red: 0, amber: 1, green: 2 } as const;

/** The capacity model of a group over a range: pure, from the data read (or made by a test). */
export function buildReport(d: ReportData): CapacityModel {
  const names: MeasureName[] = ['cpu', 'mem', 'load'];
  const per = <T>(f: (m: MeasureName, info: MeasureInfo) => T): Record<MeasureName, T> =>
    Object.fromEntries(MEASURES.map((info) => [info.name, f(info.name, info)])) as Record<MeasureName, T>;
  const members = d.members.map((m) => ({
    hostId: m.hostId,
    name: m.name,
    stats: per((k) => rangeStats(m.series[k], d.start, d.bucketMs)),
  }));
  const hasData = members.some((m) => names.some((k) => m.stats[k] !== null));
  const groupSeries = per((k) =>
    acrossMembers(
      d.members.map((m) => m.series[k]),
      d.count,
    ),
  );
  const group = per((k) => rangeStats(groupSeries[k], d.start, d.bucketMs));
  const busiest = per((k) => {
    let best: { name: string; peak: number; peakTs: number } | null = null;
    for (const m of members) {
      const s = m.stats[k];
      if (s && (!best || s.peak > best.peak)) best = { name: m.name, peak: s.peak, peakTs: s.peakTs };
    }
    return best;
  });
  const growth = per((k, info) => growthOf(info, groupSeries[k], d));

  const headroom: Headroom[] = [];
  for (const info of MEASURES) {
    const g = group[info.name];
    const b = busiest[info.name];
    const row = (figure: Headroom['figure'], value: number, of: string | null): Headroom => ({
      measure: info.name,
      figure,
      value,
      of,
      under70: 0.7 * info.full - value,
      under100: info.full - value,
    });
    if (g) headroom.push(row('group p95', g.p95, null), row('group peak', g.peak, null));
    if (b) headroom.push(row('busiest member peak', b.peak, b.name));
  }

  const withCpu = d.members.filter((m) => m.series.cpu.mean.some((v) => !Number.isNaN(v)));
  let si: CapacityModel['scaleIn'] = null;
  if (withCpu.length > 0) {
    let sustained = 0;
    let upper = 0;
    for (let i = 0; i < d.count; i++) {
      let sum = 0;
      let top = 0;
      for (const m of withCpu) {
        const v = m.series.cpu.mean[i]!;
        if (Number.isNaN(v)) continue;
        sum += v;
        top += Number.isNaN(m.series.cpu.max[i]!) ? v : m.series.cpu.max[i]!;
      }
      sustained = Math.max(sustained, sum);
      upper = Math.max(upper, top);
    }
    si = { sustained: scaleIn(withCpu.length, sustained), upper: scaleIn(withCpu.length, upper) };
  }

  const forecasts: ForecastRow[] = [];
  let quietForecasts = 0;
  let youngForecasts = 0;
  for (const m of d.members)
    for (const f of m.forecasts) {
      if (f.status === 'not_filling') quietForecasts++;
      else if (f.status === 'needs_history') youngForecasts++;
      else forecasts.push({ hostId: m.hostId, name: m.name, forecast: f });
    }
  forecasts.sort(
    (a, b) =>
      STATE_RANK[a.forecast.state] - STATE_RANK[b.forecast.state] ||
      (a.forecast.etaTs ?? Infinity) - (b.forecast.etaTs ?? Infinity) ||
      a.name.localeCompare(b.name),
  );

  let balance: CapacityModel['balance'] = null;
  const cpuMeans = members.flatMap((m) =>
    m.stats.cpu ? [{ id: m.name, load: m.stats.cpu.mean, weight: 1 }] : [],
  );
  const list = cpuMeans.length >= 2 ? shares(cpuMeans) : null;
  if (list) {
    const meanCpu = cpuMeans.reduce((a, m) => a + m.load, 0) / cpuMeans.length;
    const worst = meanCpu >= MIN_MEAN_CPU_FOR_SKEW ? worstSkew(list) : null;
    balance = {
      rows: list.map((s) => ({ name: s.id, share: s.share, ratio: s.ratio })),
      words: worst
        ? `${worst.member.id} takes ${ratioWords(worst.member.ratio ?? 0)} of the group's CPU over the range`
        : meanCpu < MIN_MEAN_CPU_FOR_SKEW
          ? `too little load to judge the spread (mean CPU under ${MIN_MEAN_CPU_FOR_SKEW} %)`
          : null,
    };
  }

  const charts: Chart[] = MEASURES.map((info) => {
    const lines = d.members.map((m) => ({
      label: m.name,
      points: chartPoints(m.series[info.name].mean, d),
      group: false,
    }));
    lines.push({
      label: `${d.tag} (mean)`,
      points: chartPoints(groupSeries[info.name].mean, d),
      group: true,
    });
    const top = Math.max(0, ...lines.flatMap((l) => l.points.map(([, v]) => (Number.isNaN(v) ? 0 : v))));
    return {
      measure: info.name,
      title: `${info.label}: each member's ${widthWords(d.bucketMs)} mean, and the group's`,
      yMax: info.full === 100 ? 100 : Math.max(1.2, Math.ceil(top * 11) / 10),
      format: info.format,
      thresholds: [
        { value: 0.7 * info.full, label: '70 %' },
        { value: info.full, label: '100 %' },
      ],
      lines,
    };
  });

  const width = widthWords(d.bucketMs);
  const resolution =
    `${width} buckets, from the ${d.tier === 'raw' ? 'stored polls' : `${d.tier} rollups`}: ` +
    `peaks are each bucket's maximum, p95 and means are over the ${width} means`;
  const model: CapacityModel = {
    tag: d.tag,
    fromTs: d.fromTs,
    toTs: d.toTs,
    generatedAt: d.generatedAt,
    resolution,
    bucketMs: d.bucketMs,
    tier: d.tier,
    hasData,
    members,
    group,
    busiest,
    growth,
    headroom,
    scaleIn: si,
    forecasts,
    quietForecasts,
    youngForecasts,
    balance,
    charts,
    summary: '',
  };
  model.summary = summaryOf(model);
  return model;
}

/** "5 not filling, 2 need more history": the forecasts not listed. */
export function unlistedWords(m: Pick<CapacityModel, 'quietForecasts' | 'youngForecasts'>): string {
  const parts = [`${m.quietForecasts} not filling`];
  if (m.youngForecasts) parts.push(`${m.youngForecasts} need more history`);
  return parts.join(', ');
}

/** The report in one line, for a terminal and the page. */
export function summaryOf(m: CapacityModel): string {
  const n = `${m.members.length} member${m.members.length === 1 ? '' : 's'}`;
  if (!m.hasData) return `${m.tag}: ${n}, no stored history from ${utc(m.fromTs)} to ${utc(m.toTs)}`;
  const parts = [`${m.tag}: ${n}`];
  const cpu = m.group.cpu;
  if (cpu) parts.push(`CPU p95 ${pct(cpu.p95)}, busiest peak ${pct(m.busiest.cpu?.peak ?? cpu.peak)}`);
  const mem = m.group.mem;
  if (mem) parts.push(`memory p95 ${pct(mem.p95)}`);
  if (m.scaleIn && m.scaleIn.sustained.members >= 2) {
    const s = m.scaleIn.sustained;
    parts.push(`${s.needed} of ${s.members} hosts would keep the peak under ${s.targetPct} %`);
  }
  const raised = m.forecasts.filter((f) => f.forecast.state !== 'green').length;
  parts.push(`${raised} forecast${raised === 1 ? '' : 's'} raised`);
  return parts.join(', ');
}

import { html as esc } from './escape';
import type { Chart } from './model';

/**
 * A line chart as a standalone SVG document, written by hand: a report has a few charts of a
 * few hundred points each, so a string is smaller and safer than a charting library (which would
 * want a DOM). Every label passes through the escaper; no scripts, links or external references.
 */

const W = 760;
const PLOT_H = 220;
const LEFT = 48;
const RIGHT = 16;
const TOP = 28;
const LEGEND_ROW = 16;
/** Members named in the legend; the rest are counted. */
const LEGEND_NAMES = 12;
const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#dc2626', '#4b5563', '#db2777'];

const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();

function dateLabel(ts: number, spanMs: number): string {
  const iso = new Date(ts).toISOString();
  return spanMs <= 2 * 86_400_000 ? iso.slice(11, 16) : iso.slice(5, 10);
}

export function svgChart(c: Chart, fromTs: number, toTs: number): string {
  const span = Math.max(1, toTs - fromTs);
  const plotW = W - LEFT - RIGHT;
  const x = (ts: number): number => LEFT + ((ts - fromTs) / span) * plotW;
  const y = (v: number): number => TOP + PLOT_H - (Math.min(Math.max(v, 0), c.yMax) / c.yMax) * PLOT_H;
  const members = c.lines.filter((l) => !l.group);
  const named = members.slice(0, LEGEND_NAMES);
  const legendRows = Math.ceil((named.length + 2) / 4);
  const H = TOP + PLOT_H + 24 + legendRows * LEGEND_ROW + 8;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="16" font-size="13" font-weight="bold" fill="#111827">${esc(c.title)}</text>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const v = (c.yMax * k) / 4;
    out.push(
      `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${r1(y(v))}" y2="${r1(y(v))}" stroke="#e5e7eb"/>`,
      `<text x="${LEFT - 4}" y="${r1(y(v) + 4)}" text-anchor="end" fill="#6b7280">${esc(c.format(v))}</text>`,
    );
  }
  for (let k = 0; k <= 6; k++) {
    const ts = fromTs + (span * k) / 6;
    out.push(
      `<text x="${r1(x(ts))}" y="${TOP + PLOT_H + 14}" text-anchor="middle" fill="#6b7280">${esc(dateLabel(ts, span))}</text>`,
    );
  }
  for (const t of c.thresholds) {
    if (t.value > c.yMax) continue;
    out.push(
      `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${r1(y(t.value))}" y2="${r1(y(t.value))}" stroke="#dc2626" stroke-dasharray="4 3"/>`,
      `<text x="${W - RIGHT}" y="${r1(y(t.value) - 3)}" text-anchor="end" fill="#dc2626">${esc(t.label)}</text>`,
    );
  }
  const path = (points: [number, number][]): string => {
    let d = '';
    let pen = false;
    for (const [ts, v] of points) {
      if (Number.isNaN(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${r1(x(ts))} ${r1(y(v))}`;
      pen = true;
    }
    return d;
  };
  members.forEach((l, i) => {
    const d = path(l.points);
    if (d)
      out.push(
        `<path d="${d}" fill="none" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="1.2" opacity="0.75"/>`,
      );
  });
  for (const l of c.lines.filter((g) => g.group)) {
    const d = path(l.points);
    if (d) out.push(`<path d="${d}" fill="none" stroke="#111827" stroke-width="2.5"/>`);
  }
  const legend: { label: string; color: string }[] = [
    ...c.lines.filter((l) => l.group).map((l) => ({ label: l.label, color: '#111827' })),
    ...named.map((l, i) => ({ label: l.label, color: PALETTE[i % PALETTE.length]! })),
  ];
  if (members.length > named.length)
    legend.push({ label: `and ${members.length - named.length} more`, color: '#ffffff' });
  legend.forEach((e, i) => {
    const lx = LEFT + (i % 4) * (plotW / 4);
    const ly = TOP + PLOT_H + 34 + Math.floor(i / 4) * LEGEND_ROW;
    const label = e.label.length > 28 ? `${e.label.slice(0, 27)}…` : e.label;
    out.push(
      `<rect x="${r1(lx)}" y="${ly - 8}" width="10" height="3" fill="${e.color}"/>`,
      `<text x="${r1(lx + 14)}" y="${ly}" fill="#111827">${esc(label)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

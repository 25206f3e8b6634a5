import { MEASURES, unlistedWords, utc } from './buildReport';
import { html as esc } from './escape';
import type { CapacityModel } from './model';
import { headroomWords, measureInfo, statCells } from './renderMarkdown';
import { svgChart } from './svgChart';

/**
 * The capacity report as one self-contained HTML page: inline CSS, charts as inline SVG, no
 * scripts and no external URL (a Content-Security-Policy in the page forbids both, should a
 * name ever slip past the escaper).
 */

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;color:#111827;margin:24px auto;max-width:820px;padding:0 16px}
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left}th{background:#f9fafb}
.muted{color:#6b7280}.state-red{color:#b91c1c;font-weight:600}.state-amber{color:#b45309;font-weight:600}
figure{margin:12px 0}svg{max-width:100%;height:auto}
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function table(head: readonly string[], rows: readonly (readonly string[])[], testId: string): string {
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  // Cells arrive escaped (some hold markup of ours, such as a state's class).
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table data-table="${testId}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function renderHtml(m: CapacityModel): string {
  const B: string[] = [];
  const p = (text: string, cls = ''): number => B.push(`<p${cls ? ` class="${cls}"` : ''}>${text}</p>`);
  B.push(`<h1>Capacity report: group ${esc(m.tag)}</h1>`);
  p(`Range: ${esc(utc(m.fromTs))} to ${esc(utc(m.toTs))}. Written ${esc(utc(m.generatedAt))}.`, 'muted');
  p(`Members (${m.members.length}): ${m.members.map((x) => esc(x.name)).join(', ') || '—'}.`);
  if (!m.hasData) {
    p(
      'There is no stored history for these members in this range: nothing to report. ' +
        'Choose a range the history covers, or let Greenboard poll the hosts for a while.',
    );
  } else {
    p(`Resolution: ${esc(m.resolution)}.`, 'muted');
    p(`<strong>${esc(m.summary)}.</strong>`);
    B.push('<h2>Group</h2>');
    p(
      "The group row is the mean across members per bucket; its peak is from the members' bucket maxima.",
      'muted',
    );
    B.push(
      table(
        ['Measure', 'Mean', 'p95', 'Peak', 'Peak at', 'Busiest member', 'Its peak'],
        MEASURES.map((info) => {
          const b = m.busiest[info.name];
          return [
            esc(info.label),
            ...statCells(m.group[info.name], info).map(esc),
            b ? esc(b.name) : '—',
            b ? esc(info.format(b.peak)) : '—',
          ];
        }),
        'group',
      ),
    );
    B.push('<h2>Headroom</h2>');
    B.push(
      table(
        ['Measure', 'Figure', 'Value', 'To 70 %', 'To 100 %'],
        m.headroom.map((h) => {
          const info = measureInfo(h.measure);
          return [
            esc(info.label),
            esc(h.of ? `${h.figure} (${h.of})` : h.figure),
            esc(info.format(h.value)),
            esc(headroomWords(h, 70)),
            esc(headroomWords(h, 100)),
          ];
        }),
        'headroom',
      ),
    );
    if (m.scaleIn) {
      const { sustained: s, upper: u } = m.scaleIn;
      p(
        esc(
          `Hosts needed: ${s.needed} of ${s.members} hosts would keep the peak under ${s.targetPct} % ` +
            `(${s.arithmetic}; the members' CPU summed per bucket, bucket means). ` +
            `Upper bound from the bucket maxima summed: ${u.needed} of ${u.members} (${u.arithmetic}).`,
        ),
      );
    }
    B.push('<h2>Growth</h2>');
    p('Slope per day of the group mean over the range (Theil–Sen: bursts barely move it).', 'muted');
    B.push(
      table(
        ['Measure', 'Growth'],
        MEASURES.map((i) => [esc(i.label), esc(m.growth[i.name]?.words ?? 'needs a day or more of history')]),
        'growth',
      ),
    );
    B.push('<h2>Forecasts</h2>');
    if (m.forecasts.length === 0) p(`No disk, inode or memory forecast is filling (${unlistedWords(m)}).`);
    else {
      B.push(
        table(
          ['Member', 'State', 'Forecast'],
          m.forecasts.map((f) => [
            esc(f.name),
            `<span class="state-${f.forecast.state}">${esc(f.forecast.state)}</span>`,
            esc(f.forecast.text),
          ]),
          'forecasts',
        ),
      );
      p(`Not listed: ${unlistedWords(m)}.`, 'muted');
    }
    if (m.balance) {
      B.push('<h2>Balance</h2>');
      if (m.balance.words) p(`${esc(m.balance.words)}.`);
      B.push(
        table(
          ['Member', 'Share of CPU', 'Against an even share'],
          m.balance.rows.map((b) => [
            esc(b.name),
            `${Math.round(b.share * 100)} %`,
            b.ratio === null ? '—' : `${b.ratio.toFixed(2)}×`,
          ]),
          'balance',
        ),
      );
    }
    B.push('<h2>Members</h2>');
    B.push(
      table(
        ['Member', ...MEASURES.flatMap((i) => [`${i.label} p95`, `${i.label} peak`])],
        m.members.map((x) => [
          esc(x.name),
          ...MEASURES.flatMap((i) => {
            const s = x.stats[i.name];
            return s ? [esc(i.format(s.p95)), esc(i.format(s.peak))] : ['—', '—'];
          }),
        ]),
        'members',
      ),
    );
    B.push('<h2>Charts</h2>');
    for (const c of m.charts) B.push(`<figure>${svgChart(c, m.fromTs, m.toTs)}</figure>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Capacity report: group ${esc(m.tag)}</title>
<style>${CSS}</style>
</head>
<body>
${B.join('\n')}
</body>
</html>
`;
}

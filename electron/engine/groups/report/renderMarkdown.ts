import { MEASURES, unlistedWords, utc } from './buildReport';
import { md } from './escape';
import type { CapacityModel, Headroom, MeasureInfo, RangeStats } from './model';
import type { MeasureName } from './reportData';
import { svgChart } from './svgChart';

/**
 * The capacity report as Markdown: tables, and each chart as an SVG image embedded as a
 * `data:image/svg+xml;base64,…` URL. One file rather than a sibling `<name>-charts/` folder,
 * because the report is one download from the group page (a browser saves one file, never a
 * folder) and one atomic write from the CLI, and it stays whole when mailed or attached to a
 * ticket. A viewer that refuses data: images shows the alt text; the HTML format is the one to
 * open in a browser.
 */

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)];
}

const dash = '—';

export function statCells(s: RangeStats | null, info: MeasureInfo): string[] {
  return s
    ? [info.format(s.mean), info.format(s.p95), info.format(s.peak), utc(s.peakTs)]
    : [dash, dash, dash, dash];
}

/** "6 under 70 %", "12 over 100 %": a distance to a line, in the measure's unit. */
export function headroomWords(h: Headroom, line: 70 | 100): string {
  const info = MEASURES.find((m) => m.name === h.measure)!;
  const d = line === 70 ? h.under70 : h.under100;
  const amount = info.full === 100 ? `${Math.round(Math.abs(d))} points` : Math.abs(d).toFixed(2);
  return `${amount} ${d >= 0 ? 'under' : 'over'} ${line} %`;
}

export const measureInfo = (name: MeasureName): MeasureInfo => MEASURES.find((m) => m.name === name)!;

export function renderMarkdown(m: CapacityModel): string {
  const L: string[] = [];
  const tag = md(m.tag);
  L.push(`# Capacity report: group ${tag}`, '');
  L.push(`Range: ${utc(m.fromTs)} to ${utc(m.toTs)}. Written ${utc(m.generatedAt)}.`, '');
  L.push(`Members (${m.members.length}): ${m.members.map((x) => md(x.name)).join(', ') || dash}.`, '');
  if (!m.hasData) {
    L.push(
      `There is no stored history for these members in this range: nothing to report. ` +
        'Choose a range the history covers, or let Greenboard poll the hosts for a while.',
      '',
    );
    return L.join('\n');
  }
  L.push(`Resolution: ${m.resolution}.`, '', `Summary: ${md(m.summary)}.`, '');

  L.push('## Group', '');
  L.push(
    "The group row is the mean across members per bucket; its peak is from the members' bucket maxima.",
    '',
  );
  L.push(
    ...table(
      ['Measure', 'Mean', 'p95', 'Peak', 'Peak at', 'Busiest member', 'Its peak'],
      MEASURES.map((info) => {
        const b = m.busiest[info.name];
        return [
          info.label,
          ...statCells(m.group[info.name], info),
          b ? md(b.name) : dash,
          b ? info.format(b.peak) : dash,
        ];
      }),
    ),
    '',
  );

  L.push('## Headroom', '');
  L.push(
    ...table(
      ['Measure', 'Figure', 'Value', 'To 70 %', 'To 100 %'],
      m.headroom.map((h) => {
        const info = measureInfo(h.measure);
        return [
          info.label,
          h.of ? `${h.figure} (${md(h.of)})` : h.figure,
          info.format(h.value),
          headroomWords(h, 70),
          headroomWords(h, 100),
        ];
      }),
    ),
    '',
  );
  if (m.scaleIn) {
    const { sustained: s, upper: u } = m.scaleIn;
    L.push(
      `Hosts needed: ${s.needed} of ${s.members} hosts would keep the peak under ${s.targetPct} % ` +
        `(${s.arithmetic}; the members' CPU summed per bucket, bucket means). ` +
        `Upper bound from the bucket maxima summed: ${u.needed} of ${u.members} (${u.arithmetic}).`,
      '',
    );
  }

  L.push('## Growth', '');
  L.push('Slope per day of the group mean over the range (Theil–Sen: bursts barely move it).', '');
  L.push(
    ...table(
      ['Measure', 'Growth'],
      MEASURES.map((info) => [info.label, m.growth[info.name]?.words ?? 'needs a day or more of history']),
    ),
    '',
  );

  L.push('## Forecasts', '');
  if (m.forecasts.length === 0)
    L.push(`No disk, inode or memory forecast is filling (${unlistedWords(m)}).`, '');
  else {
    L.push(
      ...table(
        ['Member', 'State', 'Forecast'],
        m.forecasts.map((f) => [md(f.name), f.forecast.state, md(f.forecast.text)]),
      ),
      '',
    );
    L.push(`Not listed: ${unlistedWords(m)}.`, '');
  }

  if (m.balance) {
    L.push('## Balance', '');
    if (m.balance.words) L.push(`${md(m.balance.words)}.`, '');
    L.push(
      ...table(
        ['Member', 'Share of CPU', 'Against an even share'],
        m.balance.rows.map((b) => [
          md(b.name),
          `${Math.round(b.share * 100)} %`,
          b.ratio === null ? dash : `${b.ratio.toFixed(2)}×`,
        ]),
      ),
      '',
    );
  }

  L.push('## Members', '');
  L.push(
    ...table(
      ['Member', ...MEASURES.flatMap((i) => [`${i.label} p95`, `${i.label} peak`])],
      m.members.map((x) => [
        md(x.name),
        ...MEASURES.flatMap((i) => {
          const s = x.stats[i.name];
          return s ? [i.format(s.p95), i.format(s.peak)] : [dash, dash];
        }),
      ]),
    ),
    '',
  );

  L.push('## Charts', '');
  for (const c of m.charts) {
    const svg = Buffer.from(svgChart(c, m.fromTs, m.toTs), 'utf8').toString('base64');
    L.push(`![${md(c.title)}](data:image/svg+xml;base64,${svg})`, '');
  }
  return L.join('\n');
}

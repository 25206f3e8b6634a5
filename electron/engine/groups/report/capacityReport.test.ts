import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../store/store';
import { buildReport } from './buildReport';
import { html, md } from './escape';
import { readReportData } from './reportData';
import { renderHtml } from './renderHtml';
import { renderMarkdown } from './renderMarkdown';
import { DAY, GIB, HOUR, MIN, writeMember } from './testing/groupHistory';

// Synthetic histories of a group written through the real Store (raw rows and rollup tiers as
// the engine writes them), read back through the rollup tiers by the report.
const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const STEP = 5 * MIN;
const HOSTILE = '<img src=x onerror=alert(1)>|`web`*[x](javascript:alert(1))';
let dir = '';
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gb-capreport-'));
  store = new Store(join(dir, 'greenboard.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** web-1: CPU from 20 % growing 2 points a day, with one 95 % burst of 20 min; memory falling. */
const web1 = (from: number) => (ts: number) => {
  const burst = ts >= NOW - 2 * DAY && ts < NOW - 2 * DAY + 20 * MIN;
  return {
    cpu: burst ? 95 : 20 + (2 * (ts - from)) / DAY,
    memPct: 60 - (1 * (ts - from)) / DAY,
    load5: 2,
    // 5 GiB a day from 60 GiB at `from`: 100 GiB disk, full 8 days after `from`.
    disk: { mount: '/var', totalBytes: 100 * GIB, usedBytes: (60 + (5 * (ts - from)) / DAY) * GIB },
  };
};
const web2 = () => ({ cpu: 40, memPct: 50, load5: 1 });

function report(tag: string, from: number, to: number, members: { hostId: string; name: string }[]) {
  return buildReport(readReportData(store, tag, members, from, to, NOW));
}

describe('capacity report from the rollup tiers', () => {
  it('peaks from bucket maxima, p95 of the 15-minute means, growth with the right sign, forecasts, headroom', () => {
    const from = NOW - 7 * DAY;
    writeMember(store, { id: 'web-1', name: 'web-1', tags: ['web'] }, from, NOW, STEP, web1(from));
    writeMember(store, { id: 'web-2', name: 'web-2', tags: ['web'] }, from, NOW, STEP, web2);
    const m = report('web', from, NOW, [
      { hostId: 'web-1', name: 'web-1' },
      { hostId: 'web-2', name: 'web-2' },
    ]);
    expect(m.hasData).toBe(true);
    expect(m.bucketMs).toBe(15 * MIN);
    expect(m.resolution).toMatch(/^15 min buckets, from the (15m rollups|stored polls)/);
    const [w1, w2] = m.members;
    // The burst is 20 minutes: it is the peak (a bucket's max), far above the p95 of the means.
    expect(w1!.stats.cpu!.peak).toBeCloseTo(95, 0);
    expect(w1!.stats.cpu!.peakTs).toBe(NOW - 2 * DAY);
    // Ramp 20 → 34 over 7 days: 95 % of the 15-minute means are under 20 + 0.95·14 (+ a bucket).
    expect(w1!.stats.cpu!.p95).toBeGreaterThan(32.5);
    expect(w1!.stats.cpu!.p95).toBeLessThan(33.6);
    expect(w2!.stats.cpu).toMatchObject({ p95: expect.closeTo(40, 1), peak: expect.closeTo(40, 1) });
    expect(w1!.stats.load!.peak).toBeCloseTo(0.5, 2); // 2 ÷ 4 cores
    expect(m.busiest.cpu).toMatchObject({ name: 'web-1', peak: expect.closeTo(95, 0) });
    // The group mean grows about 1 point a day (web-1's 2 ÷ 2 members); memory falls 0.5 a day.
    expect(m.growth.cpu!.perDay).toBeCloseTo(1, 1);
    expect(m.growth.cpu!.low).toBeGreaterThan(0);
    expect(m.growth.cpu!.words).toMatch(/^grows 1\.0 points a day/);
    expect(m.growth.mem!.perDay).toBeCloseTo(-0.5, 1);
    expect(m.growth.mem!.words).toMatch(/^falls 0\.5 points a day/);
    expect(m.growth.load!.words).toMatch(/^no clear trend/);
    // The disk fills 5 GiB a day: 95 of 100 GiB now, full in a day; amber or red, named.
    const disk = m.forecasts.find((f) => f.forecast.id === 'disk:/var');
    expect(disk).toMatchObject({ name: 'web-1', forecast: { status: 'filling' } });
    expect(disk!.forecast.state).not.toBe('green');
    // Headroom: the busiest peak is 95 %: 25 points over 70 %, 5 under 100 %.
    const busiest = m.headroom.find((h) => h.measure === 'cpu' && h.figure === 'busiest member peak')!;
    expect(busiest.of).toBe('web-1');
    expect(busiest.under70).toBeCloseTo(-25, 0);
    expect(busiest.under100).toBeCloseTo(5, 0);
    // Scale-in: at the burst the two sum to 95 + 40 = 135 % of one host ÷ 70 % = 1.9 → 2 hosts.
    expect(m.scaleIn!.upper).toMatchObject({ members: 2, needed: 2, spare: 0 });
    expect(m.scaleIn!.upper.arithmetic).toBe('peak 135 % of one host ÷ 70 % per host = 1.9 → 2 hosts');
    expect(m.scaleIn!.sustained.needed).toBeLessThanOrEqual(2);
    expect(m.summary).toMatch(/^web: 2 members, CPU p95 \d+ %, busiest peak 95 %, memory p95 \d+ %/);

    const text = renderMarkdown(m);
    expect(text).toContain('# Capacity report: group web');
    expect(text).toContain('| Member | CPU p95 | CPU peak |');
    expect(text).toMatch(/^\| web-1 \| 3\d % \| 95 % \|/m);
    expect(text).toMatch(/^\| web-1 \| (amber|red) \| \/var full in about/m);
    expect(text).toContain('Upper bound from the bucket maxima summed: 2 of 2 (peak 135 %');
    expect(text.match(/!\[[^\]]*\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/g)).toHaveLength(3);
    const page = renderHtml(m);
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(page.match(/<svg /g)).toHaveLength(3);
  });

  it('a 30-day range reads hourly buckets from the 1 h tier and says so', () => {
    const from = NOW - 30 * DAY;
    writeMember(store, { id: 'web-1', name: 'web-1', tags: ['web'] }, from, NOW, 15 * MIN, web2);
    const m = report('web', from, NOW, [{ hostId: 'web-1', name: 'web-1' }]);
    expect(m.bucketMs).toBe(HOUR);
    expect(m.tier).toBe('1h');
    expect(m.resolution).toMatch(/^1 h buckets, from the 1h rollups: peaks are each bucket's maximum/);
    expect(m.members[0]!.stats.cpu!.buckets).toBeGreaterThanOrEqual(719);
    expect(m.scaleIn).not.toBeNull();
    expect(m.balance).toBeNull(); // one member: no shares to compare
  });

  it('an empty range is a report that says there is no history', () => {
    writeMember(store, { id: 'web-1', name: 'web-1', tags: ['web'] }, NOW - DAY, NOW, STEP, web2);
    const m = report('web', NOW - 40 * DAY, NOW - 30 * DAY, [{ hostId: 'web-1', name: 'web-1' }]);
    expect(m.hasData).toBe(false);
    expect(m.summary).toBe(
      'web: 1 member, no stored history from 2026-01-29 12:00 UTC to 2026-02-08 12:00 UTC',
    );
    expect(renderMarkdown(m)).toContain('There is no stored history for these members in this range');
    expect(renderHtml(m)).toContain('There is no stored history for these members in this range');
  });

  it('a hostile tag and host name are escaped in HTML, SVG and Markdown', () => {
    const from = NOW - 2 * DAY;
    writeMember(store, { id: 'h1', name: HOSTILE, tags: ['x'] }, from, NOW, STEP, () => ({ cpu: 30 }));
    writeMember(store, { id: 'h2', name: 'web-2', tags: ['x'] }, from, NOW, STEP, () => ({ cpu: 40 }));
    const tag = '<b>|x\n# y';
    const m = report(tag, from, NOW, [
      { hostId: 'h1', name: HOSTILE },
      { hostId: 'h2', name: 'web-2' },
    ]);
    const page = renderHtml(m);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;|`web`*[x](javascript:alert(1))');
    expect(page).toContain('<title>Capacity report: group &lt;b&gt;|x\n# y</title>');
    const text = renderMarkdown(m);
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<b>');
    expect(text).not.toMatch(/^# y/m); // the tag's line break did not start a heading
    // In a table the name stays in its cell: its pipe, backticks and brackets are escaped.
    const escaped = md(HOSTILE);
    // Control characters (a terminal escape, a NUL) are dropped; a line break is a space in Markdown.
    expect(md('a\u001b[31mb\u0000c\nd')).toBe('a\\[31mbc d');
    expect(html('a\u001b[31mb\u0000c')).toBe('a[31mbc');
    expect(escaped).toBe('&lt;img src=x onerror=alert(1)&gt;\\|\\`web\\`\\*\\[x\\](javascript:alert(1))');
    expect(text).toContain(`| ${escaped} | 30 % | 30 % |`);
    const cells = (line: string): number => line.replace(/\\\|/g, '').split('|').length - 2;
    const row = text.split('\n').find((l) => l.startsWith(`| ${escaped} | 30 % | 30 %`))!;
    expect(cells(row)).toBe(cells(text.split('\n').find((l) => l.startsWith('| Member | CPU p95'))!));
    // The charts' legends: decoded from the data URLs, the SVG holds the name as text, escaped.
    const svgs = [...text.matchAll(/base64,([A-Za-z0-9+/=]+)\)/g)].map((x) =>
      Buffer.from(x[1]!, 'base64').toString(),
    );
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) {
      expect(svg).not.toContain('<img');
      expect(svg).not.toContain('<b>');
      expect(svg).toContain('>&lt;img src=x onerror=alert(1)…</text>'); // cut to 28 characters, then escaped
      expect(svg).toContain('>&lt;b&gt;|x\n# y (mean)</text>');
    }
  });
});

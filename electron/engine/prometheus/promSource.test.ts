// The poller over recorded API answers (fixtures/*.json, written by hand from the API format),
// served by a fetch stand-in. The real Prometheus runs in promSource.integration.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrometheusSourceSchema } from '../../../shared/prometheus';
import { SampleSchema } from '../../../shared/schemas';
import { PrometheusSourcePoller } from './promSource';
import { BOARD_FAMILIES, boardQueries } from './queries';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as unknown;
const board = fixture('board.json') as Record<string, unknown>;
const source = PrometheusSourceSchema.parse({ id: 'prom-main', url: 'http://prom.example:9090/' });
const queries = boardQueries('job="node"', { rateWindow: '60s' });

/** Answers like Prometheus would, from the fixtures; records what was asked. */
function standIn(overrides: Record<string, unknown> = {}) {
  const asked: string[] = [];
  const answers = { ...board, ...overrides };
  const fetchFn: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    const query = new URLSearchParams(typeof init?.body === 'string' ? init.body : '').get('query');
    const family = BOARD_FAMILIES.find((f) => queries[f] === query);
    const key = url.includes('/api/v1/alerts')
      ? 'alerts'
      : url.includes('/api/v1/targets')
        ? 'targets'
        : url.includes('/api/v1/query_range')
          ? 'range'
          : (family ?? 'unknown');
    asked.push(key);
    return Promise.resolve(
      new Response(JSON.stringify(answers[key] ?? { status: 'error', error: `no ${key}` })),
    );
  };
  return { asked, fetchFn };
}

describe('PrometheusSourcePoller.refresh', () => {
  it('turns one round of queries into hosts, with samples, down reasons and firing alerts', async () => {
    const { asked, fetchFn } = standIn();
    const poller = new PrometheusSourcePoller({ source, fetch: fetchFn });
    const r = await poller.refresh();
    if (!r.ok) throw new Error(r.error);
    expect(r.queries).toBe(8);
    expect(asked.sort()).toEqual(['alerts', ...BOARD_FAMILIES, 'targets'].sort());
    expect(r.warnings).toEqual([]);
    const [a, b, c] = r.targets;
    expect(a).toMatchObject({ hostId: 'prom-main:10.0.0.5:9100', job: 'node', up: true, downReason: null });
    expect(SampleSchema.parse(a?.sample)).toMatchObject({
      hostId: 'prom-main:10.0.0.5:9100',
      cpu: { cores: 8 },
    });
    // Firing only (not the pending DiskFilling), and only this instance's (not Watchdog's).
    expect(a?.alerts.map((x) => x.labels.alertname)).toEqual(['HighLoad']);
    expect(b).toMatchObject({
      instance: '10.0.0.6:9100',
      up: false,
      sample: null,
      downReason:
        'target down: Get "http://10.0.0.6:9100/metrics": dial tcp 10.0.0.6:9100: connect: connection refused',
    });
    expect(b?.alerts.map((x) => x.labels.alertname)).toEqual(['InstanceDown']);
    expect(c).toMatchObject({ instance: 'pushgateway:9091', up: true, sample: null });
  });

  it('skips /api/v1/targets when every target is up', async () => {
    const up = board.up as { data: { result: { value: [number, string] }[] } };
    const allUp = structuredClone(up);
    for (const s of allUp.data.result) s.value[1] = '1';
    const { asked, fetchFn } = standIn({ up: allUp });
    const r = await new PrometheusSourcePoller({ source, fetch: fetchFn }).refresh();
    expect(r).toMatchObject({ ok: true, queries: 7 });
    expect(asked).not.toContain('targets');
  });

  it('still shows hosts when alerts or down reasons cannot be read, and says so', async () => {
    const { fetchFn } = standIn({ alerts: { status: 'error', error: 'rules disabled' }, targets: 'nope' });
    const r = await new PrometheusSourcePoller({ source, fetch: fetchFn }).refresh();
    if (!r.ok) throw new Error(r.error);
    expect(r.targets[1]?.downReason).toBe('target down (up == 0)');
    expect(r.warnings).toEqual([
      expect.stringMatching(/^Prometheus alerts not shown: .*rules disabled/),
      expect.stringMatching(/^Why targets are down is not known: .*not the Prometheus API/),
    ]);
  });

  it("fails the whole refresh when a metric family fails, with Prometheus' text", async () => {
    const { fetchFn } = standIn({ filesystem: fixture('queryError.json') });
    const r = await new PrometheusSourcePoller({ source, fetch: fetchFn }).refresh();
    expect(r).toMatchObject({
      ok: false,
      code: 'query_error',
      error: expect.stringContaining('parse error'),
    });
  });

  it('refuses a bad selector without asking Prometheus', async () => {
    const { asked, fetchFn } = standIn();
    const bad = { ...source, selector: 'job="node"} or vector(1' };
    const r = await new PrometheusSourcePoller({ source: bad, fetch: fetchFn }).refresh();
    expect(r).toMatchObject({ ok: false, code: 'bad_selector', queries: 0 });
    expect(asked).toEqual([]);
  });
});

describe('PrometheusSourcePoller.rangeQuery', () => {
  it('asks for at most maxPoints points and labels series like stored ones', async () => {
    let form = new URLSearchParams();
    const fetchFn: typeof fetch = (_url, init) => {
      form = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
      return Promise.resolve(new Response(JSON.stringify(fixture('rangeDisk.json'))));
    };
    const poller = new PrometheusSourcePoller({ source, fetch: fetchFn });
    const r = await poller.rangeQuery(
      '10.0.0.5:9100',
      'disk.used_pct',
      1_795_876_400_000,
      1_795_880_000_000,
      60,
    );
    expect(r).toEqual({
      ok: true,
      stepSec: 60,
      series: [
        {
          labels: 'mount=/',
          points: [
            [1_795_880_000_000, 70],
            [1_795_880_060_000, 70.5],
          ],
        },
        { labels: 'mount=/boot/efi', points: [[1_795_880_000_000, 20]] },
      ],
    });
    const start = Number(form.get('start'));
    const end = Number(form.get('end'));
    expect(Math.floor((end - start) / 60) + 1).toBeLessThanOrEqual(60);
    expect(form.get('query')).toContain('instance="10.0.0.5:9100"');
    expect(poller.requestsIssued).toBe(1);
  });

  it('says which metrics Prometheus hosts do not have', async () => {
    const poller = new PrometheusSourcePoller({ source, fetch: standIn().fetchFn });
    expect(await poller.rangeQuery('a', 'host.connect_ms', 0, 1000, 10)).toMatchObject({
      ok: false,
      code: 'unsupported',
    });
  });
});

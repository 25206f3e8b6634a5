// Back-test benchmark: one rule replayed over 30 days of 50 hosts' stored history, as the default
// retention keeps it (raw polls for the last 2 days, 1-minute means for 14, 15-minute before).
// Against the naive way in the same run: every stored row decoded in full into a sample and
// judged on every signal, then filtered to the rule's kind. Then a group rule (the mean CPU of the
// 50 hosts, one tag) against every member's every row judged in one time order, and the forecast
// rule (each host fitted every 15 minutes) against fits that each read their week again (over 5
// hosts: the naive way takes minutes over 50). Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unflattenSample, type FlatPoint } from '../shared/metrics';
import type { RulesConfig } from '../shared/alerts';
import { backtest } from '../electron/engine/rules/backtest';
import { groupBacktest } from '../electron/engine/groups/groupBacktest';
import { groupReadings, memberSpreads, type MemberSample } from '../electron/engine/groups/groupReadings';
import { newCollect } from '../electron/engine/rules/episodes';
import { forecastBacktest } from '../electron/engine/forecast/forecastBacktest';
import { FORECAST_EVERY_MS, ForecastService } from '../electron/engine/forecast/forecastService';
import { hostForecasts } from '../electron/engine/forecast/hostForecasts';
import { silentLogger } from '../electron/engine/clock';
import { RuleEngine } from '../electron/engine/rules/ruleEngine';
import { Store } from '../electron/engine/store/store';
import { makeSample } from '../electron/engine/testing/fakes';

const HOSTS = 50;
const DAY = 86_400_000;
const END = Date.UTC(2026, 0, 31);
const FROM = END - 30 * DAY;
const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'gb-bench-backtest-'));
const path = join(dir, 'history.sqlite');

/** One host's 30 days: a CPU random walk with a 20-minute burst to 95 % every night at 02:00. */
function seed(): { rows: number; buildMs: number } {
  const t0 = performance.now();
  const store = new Store(path);
  for (let h = 0; h < HOSTS; h++)
    store.upsertHost(
      { id: `web-${h}`, name: `web-${h}`, kind: 'local', intervalMs: 5_000, tags: ['web'] },
      0,
    );
  let cpu = 30;
  let batch = [];
  for (let ts = FROM; ts <= END; ts += ts < END - 2 * DAY ? 60_000 : 5_000) {
    cpu = Math.min(80, Math.max(5, cpu + (Math.random() - 0.5) * 6));
    const night = (ts % DAY) - 2 * 3_600_000;
    const busy = night >= 0 && night < 20 * 60_000 ? 95 : cpu;
    batch.push(makeSample('web-0', ts, { cpu: { cores: 8, busyPct: busy, iowaitPct: 1, stealPct: 0 } }));
    if (batch.length === 2_000) {
      store.writeSamples(batch);
      batch = [];
    }
  }
  store.writeSamples(batch);
  // What the default retention leaves: raw for 2 days, 1-minute buckets for 14.
  const keep = { raw: 2, '1m': 14, '15m': 90, '1h': 730 };
  while (store.pruneStep(END, keep, 100_000) > 0);
  store.close();
  // The other 49 hosts get the same rows under their own numbers (same cost to read and judge).
  const db = new Store(path).db;
  const num = (id: string): number =>
    db.prepare('SELECT num FROM host_nums WHERE host_id = ?').pluck().get(id) as number;
  const src = num('web-0');
  db.transaction(() => {
    for (let h = 1; h < HOSTS; h++) {
      const n = Number(
        db.prepare('INSERT INTO host_nums (host_id) VALUES (?)').run(`web-${h}`).lastInsertRowid,
      );
      db.prepare(
        'INSERT INTO raw (host, ts, layout, vals) SELECT ?, ts, layout, vals FROM raw WHERE host = ?',
      ).run(n, src);
      // Their latest sample too (the forecast replay fits the mounts it names).
      db.prepare(
        "INSERT INTO latest_samples (host_id, ts, sample) SELECT ?, ts, replace(sample, '\"web-0\"', ?) FROM latest_samples WHERE host_id = 'web-0'",
      ).run(`web-${h}`, `"web-${h}"`);
      for (const t of ['rollup_1m', 'rollup_15m', 'rollup_1h'])
        db.prepare(
          `INSERT INTO ${t} (host, ts, layout, n, vals) SELECT ?, ts, layout, n, vals FROM ${t} WHERE host = ?`,
        ).run(n, src);
    }
  })();
  const rows = ['raw', 'rollup_1m', 'rollup_15m', 'rollup_1h'].reduce(
    (a, t) => a + (db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number),
    0,
  );
  db.close();
  return { rows, buildMs: performance.now() - t0 };
}

const rules: RulesConfig = {
  defaults: { cpu: { warn: 90, clearWarn: 85, critical: 99, clearCritical: 95, forMs: 5 * 60_000 } },
  tags: {},
  hosts: {},
};
const hosts = Array.from({ length: HOSTS }, (_, h) => ({ id: `web-${h}`, tags: ['web'], intervalMs: 5_000 }));

let fed = 0;
function ours(store: Store): number {
  const r = backtest({
    config: rules,
    kinds: ['cpu'],
    hosts,
    from: FROM,
    to: END,
    source: store.history,
  });
  fed = r.rows;
  return r.total;
}

const groupRules: RulesConfig = {
  defaults: {},
  tags: {
    web: { groupCpu: { warn: 90, clearWarn: 85, critical: 99, clearCritical: 95, forMs: 5 * 60_000 } },
  },
  hosts: {},
};
const members = hosts.map((h) => ({ ...h, name: h.id }));

let groupFed = 0;
/** One group rule (mean CPU of the 50 hosts tagged web) over the month. */
function oursGroup(store: Store): number {
  const into = newCollect();
  const r = groupBacktest(
    {
      config: groupRules,
      kinds: ['groupCpu'],
      groups: [{ tag: 'web', members }],
      from: FROM,
      to: END,
      source: store.history,
    },
    into,
  );
  groupFed = r.rows;
  return into.episodes.total;
}

/**
 * The naive group replay: every member's every row read and decoded in full, an hour at a time
 * in one time order, and the group judged at each row from every member's latest sample.
 */
function naiveGroup(store: Store): number {
  let now = 0;
  const engine = new RuleEngine({
    clock: { now: () => now, setTimeout: () => null, clearTimeout: () => {} },
    config: groupRules,
  });
  engine.setHost({ id: 'group:web', tags: ['web'], intervalMs: 60_000 });
  const latest = new Map<string, MemberSample>();
  let total = 0;
  for (let hour = FROM; hour < END; hour += 3_600_000) {
    const rows: [number, string, FlatPoint[]][] = [];
    for (const h of hosts)
      store.history.forEach(h.id, hour, hour + 3_599_999, (ts, points) => rows.push([ts, h.id, points]));
    rows.sort((a, b) => a[0] - b[0]);
    for (const [ts, id, points] of rows) {
      now = ts;
      latest.set(id, { hostId: id, name: id, sample: unflattenSample(id, ts, points) });
      const fresh = [...latest.values()].filter((m) => ts - m.sample.ts <= 3 * 60_000);
      const figures = { ...memberSpreads(fresh), scaleIn: null, balance: [] };
      const { readings } = groupReadings('web', fresh.length, figures, null);
      for (const c of engine.observeReadings('group:web', ts, readings))
        if (c.kind === 'groupCpu' && c.from === 'ok') total++;
    }
  }
  return total;
}

let fits = 0;
let passed = 0;
const FORECAST_NAIVE_HOSTS = 5;
/** The forecast rule over the month: every host fitted every 15 minutes, keeping its buckets between fits. */
function oursForecast(store: Store, n = HOSTS): number {
  const into = newCollect();
  ({ fits, passed } = forecastBacktest({ hosts: members.slice(0, n), from: FROM, to: END, store }, into));
  return into.episodes.total;
}

/** The naive forecast replay: each fit reads its host's whole week again. */
function naiveForecast(store: Store, n: number): number {
  let raised = 0;
  for (const h of hosts.slice(0, n)) {
    let now = 0;
    const svc = new ForecastService({
      clock: { now: () => now, setTimeout: () => null, clearTimeout: () => {} },
      log: silentLogger,
      store,
      review: null,
      hosts: { list: () => [], find: () => undefined, refresh: () => {} },
    });
    for (let t = FROM; t <= END; t += FORECAST_EVERY_MS) {
      now = t;
      svc.observe(h.id, hostForecasts(store, h.id, ['/'], true, t), t);
      raised += svc.raised(h.id).length;
    }
  }
  return raised;
}

/** The naive replay: each row read and decoded in full, every signal judged, the kind's kept. */
function naive(store: Store): number {
  let total = 0;
  for (const h of hosts) {
    let now = 0;
    const engine = new RuleEngine({
      clock: { now: () => now, setTimeout: () => null, clearTimeout: () => {} },
      config: rules,
    });
    engine.setHost({ ...h, intervalMs: 60_000 });
    store.history.forEach(h.id, FROM, END, (ts: number, points: FlatPoint[]) => {
      now = ts;
      for (const c of engine.observe(unflattenSample(h.id, ts, points)))
        if (c.kind === 'cpu' && c.from === 'ok') total++;
    });
  }
  return total;
}

function timeOnce(fn: () => number): { medianMs: number; cpuMs: number; result: number } {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const result = fn();
  const c = process.cpuUsage(cpu0);
  return { medianMs: performance.now() - t, cpuMs: (c.user + c.system) / 1000, result };
}

function time(fn: () => number): { medianMs: number; cpuMs: number; result: number } {
  const wall: number[] = [];
  let result = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    result = fn();
    wall.push(performance.now() - t);
  }
  const c = process.cpuUsage(cpu0);
  wall.sort((a, b) => a - b);
  return { medianMs: wall[wall.length >> 1]!, cpuMs: (c.user + c.system) / 1000 / RUNS, result };
}

try {
  const built = seed();
  const store = new Store(path);
  const a = time(() => ours(store));
  const b =
    process.env.BENCH_BACKTEST_NAIVE === '0'
      ? { medianMs: NaN, cpuMs: NaN, result: -1 }
      : time(() => naive(store));
  const ga = time(() => oursGroup(store));
  const gb =
    process.env.BENCH_BACKTEST_NAIVE === '0'
      ? { medianMs: NaN, cpuMs: NaN, result: -1 }
      : timeOnce(() => naiveGroup(store)); // a minute or more: once
  const fa = time(() => oursForecast(store));
  // The naive forecast replay takes over a minute for 50 hosts: both ways over 5 for the ratio, once.
  const fOurs5 = timeOnce(() => oursForecast(store, FORECAST_NAIVE_HOSTS));
  const fb =
    process.env.BENCH_BACKTEST_NAIVE === '0'
      ? { medianMs: NaN, cpuMs: NaN, result: -1 }
      : timeOnce(() => naiveForecast(store, FORECAST_NAIVE_HOSTS));
  oursForecast(store); // `fits` of the whole run again
  store.close();
  console.log(
    JSON.stringify({
      hosts: HOSTS,
      days: 30,
      rows: built.rows,
      rowsRead: fed,
      buildMs: Math.round(built.buildMs),
      runs: RUNS,
      ours: a,
      naive: b,
      ratio: b.medianMs / a.medianMs,
      group: { members: HOSTS, rowsRead: groupFed, ours: ga, naive: gb, ratio: gb.medianMs / ga.medianMs },
      forecast: {
        hosts: HOSTS,
        fits,
        passed,
        ours: fa,
        naiveHosts: FORECAST_NAIVE_HOSTS,
        oursOnNaiveHosts: fOurs5,
        naive: fb,
        ratio: fb.medianMs / fOurs5.medianMs,
      },
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

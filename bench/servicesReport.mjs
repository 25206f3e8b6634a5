// Formats the services benchmark (bench/servicesBench.ts: PostgreSQL and Redis polled the
// Greenboard way against their Prometheus exporters scraped at the same interval) and judges it
// against issue 17's targets: one PostgreSQL poll < 50 ms with 5,000 statements, per poll at most
// the exporter's cost per scrape, nothing resident on the host.
export const SERVICES_TARGETS = { pgPollMs: 50 };

const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');
const mib = (b) => f(b / 2 ** 20);

/** Target verdicts, for the JSON summary. */
export function servicesTargets(s) {
  if (!s) return {};
  const out = {};
  const pg = s.postgres;
  if (pg) {
    const tunnel = pg.greenboardTunnel;
    out.servicesPgPoll = {
      target: `one PostgreSQL poll < ${SERVICES_TARGETS.pgPollMs} ms (median wall) with ${pg.statements} statements in pg_stat_statements, the default way (peer: sudo + the versioned psql)`,
      value: pg.greenboard.wallMsMedian,
      p95: pg.greenboard.wallMsP95,
      beforeValue: pg.greenboardPreviousSql?.wallMsMedian ?? null,
      previousWayValue: pg.greenboardWrapperPsql.wallMsMedian,
      exporterWithStatementsValue: pg.exporterWithStatements.wallMsMedian,
      verdict: verdict(pg.greenboard.wallMsMedian < SERVICES_TARGETS.pgPollMs),
    };
    if (tunnel)
      out.servicesPgTunnelPoll = {
        target: `one PostgreSQL poll < ${SERVICES_TARGETS.pgPollMs} ms (median wall) with ${pg.statements} statements, through a tunnel (pg, a SCRAM login per poll)`,
        value: tunnel.wallMsMedian,
        p95: tunnel.wallMsP95,
        beforeValue: pg.greenboardTunnelPrevious?.wallMsMedian ?? null,
        verdict: verdict(tunnel.wallMsMedian < SERVICES_TARGETS.pgPollMs),
      };
    out.servicesPgCost = {
      target:
        'PostgreSQL, the default way (peer): CPU per poll (client, Greenboard, server) <= the exporter per scrape (exporter, server), ' +
        'against the exporter reading pg_stat_statements too',
      value: pg.vsExporterWithStatements.cpuRatio,
      vsDefaultExporter: pg.vsExporter.cpuRatio,
      throughTunnel: pg.tunnelVsExporterWithStatements?.cpuRatio ?? null,
      verdict: verdict(pg.vsExporterWithStatements.atMostExporter),
    };
    out.servicesPgCostDefaultExporter = {
      target: 'PostgreSQL: CPU per poll <= the exporter with its default metrics per scrape (no statements)',
      value: pg.vsExporter.cpuRatio,
      throughTunnel: pg.tunnelVsExporter?.cpuRatio ?? null,
      verdict: verdict(pg.vsExporter.atMostExporter),
    };
  }
  const def = s.redis?.defaultVsExporter;
  if (s.redis)
    out.servicesRedisCost = {
      target:
        `Redis, the default way (${s.redis.defaultWay ?? 'peer'}): CPU per poll (client, Greenboard, server) <= the exporter per scrape (exporter, server); ` +
        "on a remote host the SSH session's channel adds sshd's share, measured by BENCH_ONLY=tunnel",
      value: (def ?? s.redis.vsExporter).cpuRatio,
      peer: s.redis.vsExporter.cpuRatio,
      peerWithoutPings: s.redis.noPingsVsExporter.cpuRatio,
      previousPeerWay: s.redis.previousVsExporter.cpuRatio,
      verdict: verdict((def ?? s.redis.vsExporter).atMostExporter),
    };
  const rss = [pg?.exporter, pg?.exporterWithStatements, s.redis?.exporter]
    .filter(Boolean)
    .map((e) => e.exporterRssBytes);
  if (rss.length)
    out.servicesResident = {
      target: 'no resident process on the host (Greenboard 0 bytes; the exporters their RSS)',
      value: 0,
      exporterRssBytes: rss,
      verdict: 'pass',
    };
  return out;
}

const gbRow = (label, r, server) =>
  `  ${label.padEnd(30)} ${f(r.wallMsMedian).padStart(6)} ms (p95 ${f(r.wallMsP95)}, max ${f(r.wallMsMax)})  client ${f(r.clientCpuMsPerPoll)}  ` +
  `greenboard ${f(r.greenboardCpuMsPerPoll)} (parse+derive ${f(r.parseDeriveMsMedian)} ms)  ${server(r)}  ${f(r.answerBytes / 1024, 0)} KiB`;
const exRow = (label, r, server) =>
  `  ${label.padEnd(30)} ${f(r.wallMsMedian).padStart(6)} ms (p95 ${f(r.wallMsP95)}, max ${f(r.wallMsMax)})  exporter ${f(r.exporterCpuMsPerScrape)}  ` +
  `${server(r)}  ${f(r.answerBytes / 1024, 0)} KiB, RSS ${mib(r.exporterRssBytes)} MiB`;
const cmp = (c) =>
  `CPU ${f(c.greenboardCpuMsPerPoll)} vs ${f(c.exporterCpuMsPerScrape)} ms (${f(c.cpuRatio, 2)}x), wall ${f(c.wallRatio, 2)}x`;

/** Where one poll's time goes (bench/servicePgBreakdown.ts). */
const breakdown = (b) => {
  const w = (x) => `${f(x.wallMsMedian)} ms wall / ${f(x.cpuMs)} ms CPU`;
  return [
    `  where a poll's time goes (medians of ${b.runs} runs): sudo -n alone ${w(b.sudoTrue)}; sudo + psql SELECT 1: ` +
      `pg_wrapper ${w(b.sudoWrapperPsqlSelect1)}, versioned ${w(b.sudoVersionedPsqlSelect1)}; whole poll ${w(b.wholePollVersioned)}`,
    `  sections (psql \\timing: server + round trip) ${f(b.sectionsMs)} ms: ` +
      b.sections
        .map((x) => `${x.section} ${f(x.msMedian, 2)}${x.bytes ? ` (${f(x.bytes / 1024, 0)} KiB)` : ''}`)
        .join(', '),
    `  answer ${f(b.answerBytes / 1024, 0)} KiB; Node parse + derive ${f(b.parseDeriveMsMedian, 2)} ms`,
  ];
};

export function formatServices(s, targets) {
  const out = [
    `Services, each way polled ${s.polls} times every ${s.intervalMs} ms in one run (loadavg ${f(s.loadAvg1AtStart, 2)} -> ${f(s.loadAvg1AtEnd, 2)}); ` +
      'per poll: median wall, mean CPU ms (10 ms ticks), answer size',
  ];
  for (const [k, why] of Object.entries(s.skipped ?? {})) out.push(`  ${k}: skipped (${why})`);
  const pg = s.postgres;
  if (pg) {
    const server = (r) => `server exec ${f(r.serverExecMsPerPoll)} ms, CPU ${f(r.serverCpuMsPerPoll)}`;
    out.push(
      `PostgreSQL, ${pg.statements} statements in pg_stat_statements, pgbench at 20 tps; idle server CPU ${f(pg.idleServerCpuMsPerInterval)} ms per interval (subtracted)`,
      gbRow('greenboard, default (peer)', pg.greenboard, server),
      ...(pg.greenboardPreviousSql
        ? [gbRow('  before: previous SQL', pg.greenboardPreviousSql, server)]
        : []),
      gbRow('previous way (pg_wrapper psql)', pg.greenboardWrapperPsql, server),
      ...(pg.greenboardTunnel ? [gbRow('greenboard, tunnel (pg)', pg.greenboardTunnel, server)] : []),
      ...(pg.greenboardTunnelPrevious
        ? [gbRow('  before: previous reader', pg.greenboardTunnelPrevious, server)]
        : []),
      exRow('exporter, default metrics', pg.exporter, server),
      exRow('exporter + pg_stat_statements', pg.exporterWithStatements, server),
      ...breakdown(pg.breakdown),
      ...(pg.vsPreviousSql ? [`  after vs before (same run), peer: ${cmp(pg.vsPreviousSql)}`] : []),
      ...(pg.tunnelVsTunnelPrevious
        ? [`  after vs before (same run), tunnel: ${cmp(pg.tunnelVsTunnelPrevious)}`]
        : []),
      `  vs the previous way: ${cmp(pg.vsWrapperPsql)}`,
      `  vs the exporter with statements: ${cmp(pg.vsExporterWithStatements)}; previous way: ${cmp(pg.wrapperPsqlVsExporterWithStatements)}`,
      `  vs the default exporter: ${cmp(pg.vsExporter)}`,
      ...(pg.tunnelVsExporter
        ? [
            `  tunnel vs the exporter with statements: ${cmp(pg.tunnelVsExporterWithStatements)}; vs the default exporter: ${cmp(pg.tunnelVsExporter)}`,
          ]
        : []),
    );
  }
  const r = s.redis;
  if (r) {
    const server = (x) =>
      `server commands ${f(x.serverCommandMsPerPoll, 2)} ms, CPU ${f(x.serverCpuMsPerPoll)}`;
    out.push(
      `Redis; idle server CPU ${f(r.idleServerCpuMsPerInterval)} ms per interval (subtracted)`,
      ...(r.greenboardTunnel
        ? [gbRow(`greenboard, default (tunnel, ioredis)`, r.greenboardTunnel, server)]
        : []),
      gbRow('--via peer (sh + 2 redis-cli)', r.greenboard, server),
      gbRow('greenboard without PING timing', r.greenboardNoPings, server),
      gbRow('previous way (sh + 3 redis-cli)', r.greenboardPrevious, server),
      exRow('exporter', r.exporter, server),
      ...(r.defaultVsExporter ? [`  default (tunnel) vs the exporter: ${cmp(r.defaultVsExporter)}`] : []),
      `  --via peer vs the exporter: ${cmp(r.vsExporter)}; without PING timing: ${cmp(r.noPingsVsExporter)}; previous peer way: ${cmp(r.previousVsExporter)}`,
      `  --via peer vs the previous peer way: ${cmp(r.vsPrevious)}`,
    );
  }
  const extra = (t) =>
    [
      t.beforeValue != null ? `before ${f(t.beforeValue, 1)}` : null,
      t.throughTunnel != null ? `through a tunnel ${f(t.throughTunnel, 2)}x` : null,
      t.vsDefaultExporter != null ? `vs the default exporter ${f(t.vsDefaultExporter, 2)}x` : null,
      t.peer != null ? `--via peer ${f(t.peer, 2)}x` : null,
    ]
      .filter(Boolean)
      .join(', ');
  for (const k of [
    'servicesPgPoll',
    'servicesPgTunnelPoll',
    'servicesPgCost',
    'servicesPgCostDefaultExporter',
    'servicesRedisCost',
    'servicesResident',
  ])
    if (targets[k]) {
      const more = extra(targets[k]);
      out.push(
        `target ${targets[k].target}: ${targets[k].verdict} (${f(targets[k].value, 2)}${more ? `; ${more}` : ''})`,
      );
    }
  return out;
}

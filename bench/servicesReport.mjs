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
    out.servicesPgPoll = {
      target: `one PostgreSQL poll < ${SERVICES_TARGETS.pgPollMs} ms (median wall) with ${pg.statements} statements in pg_stat_statements`,
      value: pg.greenboard.wallMsMedian,
      p95: pg.greenboard.wallMsP95,
      previousWayValue: pg.greenboardWrapperPsql.wallMsMedian,
      exporterWithStatementsValue: pg.exporterWithStatements.wallMsMedian,
      verdict: verdict(pg.greenboard.wallMsMedian < SERVICES_TARGETS.pgPollMs),
    };
    out.servicesPgCost = {
      target:
        'PostgreSQL: CPU per poll (client, Greenboard, server) <= the exporter per scrape (exporter, server), ' +
        'against the exporter reading pg_stat_statements too',
      value: pg.vsExporterWithStatements.cpuRatio,
      vsDefaultExporter: pg.vsExporter.cpuRatio,
      verdict: verdict(pg.vsExporterWithStatements.atMostExporter),
    };
    out.servicesPgCostDefaultExporter = {
      target: 'PostgreSQL: CPU per poll <= the exporter with its default metrics per scrape (no statements)',
      value: pg.vsExporter.cpuRatio,
      verdict: verdict(pg.vsExporter.atMostExporter),
    };
  }
  if (s.redis)
    out.servicesRedisCost = {
      target:
        'Redis: CPU per poll (client, Greenboard, server) <= the exporter per scrape (exporter, server)',
      value: s.redis.vsExporter.cpuRatio,
      withoutPings: s.redis.noPingsVsExporter.cpuRatio,
      throughTunnel: s.redis.tunnelVsExporter?.cpuRatio ?? null,
      previousWay: s.redis.previousVsExporter.cpuRatio,
      verdict: verdict(s.redis.vsExporter.atMostExporter),
    };
  if (s.redis?.tunnelVsExporter)
    out.servicesRedisTunnelCost = {
      target:
        'Redis through a tunnel: CPU per poll (Greenboard, server) <= the exporter per scrape (exporter, server); ' +
        "on a remote host the SSH session's channel adds sshd's share, not measured here",
      value: s.redis.tunnelVsExporter.cpuRatio,
      verdict: verdict(s.redis.tunnelVsExporter.atMostExporter),
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
      gbRow('greenboard (versioned psql)', pg.greenboard, server),
      gbRow('previous way (pg_wrapper psql)', pg.greenboardWrapperPsql, server),
      exRow('exporter, default metrics', pg.exporter, server),
      exRow('exporter + pg_stat_statements', pg.exporterWithStatements, server),
      ...breakdown(pg.breakdown),
      `  vs the previous way: ${cmp(pg.vsWrapperPsql)}`,
      `  vs the exporter with statements: ${cmp(pg.vsExporterWithStatements)}; previous way: ${cmp(pg.wrapperPsqlVsExporterWithStatements)}`,
      `  vs the default exporter: ${cmp(pg.vsExporter)}`,
    );
  }
  const r = s.redis;
  if (r) {
    const server = (x) =>
      `server commands ${f(x.serverCommandMsPerPoll, 2)} ms, CPU ${f(x.serverCpuMsPerPoll)}`;
    out.push(
      `Redis; idle server CPU ${f(r.idleServerCpuMsPerInterval)} ms per interval (subtracted)`,
      gbRow('greenboard (sh + 2 redis-cli)', r.greenboard, server),
      gbRow('greenboard without PING timing', r.greenboardNoPings, server),
      ...(r.greenboardTunnel
        ? [gbRow('greenboard through a tunnel (ioredis)', r.greenboardTunnel, server)]
        : []),
      gbRow('previous way (sh + 3 redis-cli)', r.greenboardPrevious, server),
      exRow('exporter', r.exporter, server),
      `  vs the exporter: ${cmp(r.vsExporter)}; without PING timing: ${cmp(r.noPingsVsExporter)}; previous way: ${cmp(r.previousVsExporter)}`,
      `  vs the previous way: ${cmp(r.vsPrevious)}`,
      ...(r.tunnelVsExporter ? [`  through a tunnel, vs the exporter: ${cmp(r.tunnelVsExporter)}`] : []),
    );
  }
  for (const k of [
    'servicesPgPoll',
    'servicesPgCost',
    'servicesPgCostDefaultExporter',
    'servicesRedisCost',
    'servicesRedisTunnelCost',
    'servicesResident',
  ])
    if (targets[k])
      out.push(`target ${targets[k].target}: ${targets[k].verdict} (${f(targets[k].value, 2)})`);
  return out;
}

// Formats the tunnel benchmark (bench/serviceTunnelBench.ts: PostgreSQL and Redis polled through
// one real SSH session, each way in, with their exporters scraped in the same run) and judges the
// default way in per kind against issue 17's targets: one PostgreSQL poll < 50 ms with 5,000
// statements; per poll at most the exporter's cost per scrape.
const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/** Target verdicts, for the JSON summary. */
export function tunnelTargets(t) {
  const out = {};
  const pg = t?.targets?.postgres;
  if (pg) {
    out.tunnelPgPoll = {
      target: `${pg.pollTarget}, the default way (${pg.defaultWay})`,
      value: pg.defaultPollMs,
      tunnel: pg.tunnelPollMs,
      peer: pg.peerPollMs,
      before: pg.beforeMs,
      verdict: verdict(pg.defaultUnderTarget),
    };
    out.tunnelPgPollThroughTunnel = {
      target: `${pg.pollTarget}, through a tunnel`,
      value: pg.tunnelPollMs,
      before: pg.beforeMs?.tunnel ?? null,
      verdict: verdict(pg.tunnelUnderTarget),
    };
    out.tunnelPgCost = {
      target: `PostgreSQL over SSH, the default way (${pg.defaultWay}): ${pg.costTarget}, against the exporter reading pg_stat_statements`,
      value: pg.defaultVsExporterWithStatements,
      vsDefaultExporter: pg.defaultVsExporter,
      tunnel: pg.tunnelVsExporterWithStatements,
      tunnelVsDefaultExporter: pg.tunnelVsExporter,
      verdict: verdict(
        pg.defaultVsExporterWithStatements == null ? null : pg.defaultVsExporterWithStatements <= 1,
      ),
    };
  }
  const r = t?.targets?.redis;
  if (r)
    out.tunnelRedisCost = {
      target: `Redis over SSH, the default way (${r.defaultWay}): ${r.costTarget}`,
      value: r.defaultVsExporter,
      peer: r.peerVsExporter,
      onTheWatchedHost: r.defaultOnHostVsExporter,
      verdict: verdict(r.defaultVsExporter == null ? null : r.defaultVsExporter <= 1),
    };
  return out;
}

export function formatTunnel(t, targets) {
  const out = [
    `Services over one SSH session, each way polled ${t.polls} times every ${t.intervalMs} ms (loadavg ${f(t.loadAvg1, 2)}); ` +
      'per poll: median / max wall, CPU ms: Greenboard + host (sshd tree, clients) + server = cost',
  ];
  for (const [k, why] of Object.entries(t.skipped ?? {})) out.push(`  ${k}: skipped (${why})`);
  for (const kind of ['postgres', 'redis']) {
    const ways = t[kind];
    if (!ways) continue;
    out.push(kind === 'postgres' ? `PostgreSQL, ${t.statements} statements` : 'Redis');
    for (const [way, r] of Object.entries(ways)) {
      const cpu =
        'costMsPerPoll' in r
          ? `${f(r.greenboardCpuMsPerPoll)} + ${f(r.hostCpuMsPerPoll)} + ${f(r.serverCpuMsPerPoll)} = ${f(r.costMsPerPoll)}`
          : `exporter ${f(r.exporterCpuMsPerScrape)} + server ${f(r.serverCpuMsPerScrape)} = ${f(r.costMsPerScrape)}`;
      out.push(`  ${way.padEnd(24)} ${`${f(r.wallMsMedian)} / ${f(r.wallMsMax)} ms`.padEnd(20)} ${cpu}`);
    }
  }
  for (const k of ['tunnelPgPoll', 'tunnelPgPollThroughTunnel', 'tunnelPgCost', 'tunnelRedisCost']) {
    const x = targets[k];
    if (!x) continue;
    const more = Object.entries(x)
      .filter(([key]) => !['target', 'value', 'verdict'].includes(key))
      .map(([key, v]) => `${key} ${typeof v === 'object' && v ? JSON.stringify(v) : f(v, 2)}`)
      .join(', ');
    out.push(`target ${x.target}: ${x.verdict} (${f(x.value, 2)}; ${more})`);
  }
  return out;
}

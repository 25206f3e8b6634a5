// Formats the forecast benchmark (bench/forecastBench.ts) and judges it against issue 18's
// target: forecasts for 500 hosts × 10 mounts from 30 days of rollups < 200 ms.
export const FORECAST_TARGETS = { refreshMs: 200 };

const f = (v, d = 0) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/** Target verdicts, for the JSON summary: judged on the median refresh. */
export function forecastTargets(fc) {
  if (!fc) return {};
  const value = fc.greenboard.p50Ms;
  return {
    forecastRefresh: {
      target: `forecasts for ${fc.hosts} hosts × ${fc.mounts} mounts from ${fc.days} days of rollups < ${FORECAST_TARGETS.refreshMs} ms (median refresh)`,
      value,
      verdict: verdict(value == null ? null : value < FORECAST_TARGETS.refreshMs),
    },
  };
}

export function formatForecast(fc, targets) {
  const t = targets.forecastRefresh;
  return [
    `Forecasts: ${fc.hosts} hosts × ${fc.mounts} mounts (+ inodes, memory: ${fc.forecasts} forecasts), ` +
      `${fc.days} days written as a poll every ${fc.pollMinutes} min (${fc.polls} polls, ${f(fc.writeSeconds, 1)} s)`,
    `  refresh (cached buckets, screened): p50 ${f(fc.greenboard.p50Ms, 1)} ms  min ${f(fc.greenboard.minMs, 1)}  max ${f(fc.greenboard.maxMs, 1)}`,
    `  first refresh (reads every week of buckets): ${f(fc.greenboard.coldMs, 1)} ms;  every series fully fitted from a cold read: p50 ${f(fc.fullFits.p50Ms, 1)} ms`,
    `  naive (every raw row of ${fc.days} days per series, same fit): ${f(fc.naive.perHostMs, 1)} ms a host ` +
      `(measured on ${fc.naive.hostsMeasured}), ${f(fc.naive.fleetMsEstimated)} ms for the fleet: ` +
      `${f(fc.ratioNaiveToGreenboard, 1)}× the refresh`,
    `target ${t.target}: ${t.verdict} (${f(t.value, 1)} ms)`,
  ];
}

// Where one PostgreSQL poll's time goes, for the services benchmark: the fixed costs of the
// client (sudo alone, sudo with a psql that only connects, through Debian's pg_wrapper and the
// versioned psql), each section's time as psql's \timing sees it (the server's work and the
// round trip, in a backend as cold as a poll's), each section's bytes, and Node's parse and
// derive of the whole answer. Medians over `runs` runs, one after the other.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { ServiceConfig } from '../shared/services';
import { postgresDriver } from '../electron/engine/services/postgres';
import { childrenCpuMs } from './harness';
import { median, round } from './serviceMeasure';

const run = (argv: string[]): string => {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${argv.slice(0, 5).join(' ')}...: ${r.stderr}`);
  return r.stdout;
};

/** Median wall and mean client CPU (sudo, psql: this process's reaped children) of a command. */
function fixed(cmd: string[], runs: number): { wallMsMedian: number; cpuMs: number } {
  const walls: number[] = [];
  const cpu0 = childrenCpuMs();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    run(cmd);
    walls.push(performance.now() - t);
  }
  return { wallMsMedian: round(median(walls)), cpuMs: round((childrenCpuMs() - cpu0) / runs) };
}

export interface SectionCost {
  section: string;
  /** psql's \timing of the section's query: the server's time and the round trip, ms (median). */
  msMedian: number;
  bytes: number;
}

/**
 * The poll's own argv (`versioned`, with the versioned psql) with `\timing on` first: psql then
 * prints "Time: x ms" after each statement sent to the server (its \echo markers are not), which
 * is put on the section the marker before it opened.
 */
function sectionCosts(versioned: string[], runs: number): SectionCost[] {
  const at = versioned.indexOf('-c');
  const timed = [...versioned.slice(0, at), '-c', '\\timing on', ...versioned.slice(at)];
  const times = new Map<string, number[]>();
  for (let i = 0; i < runs; i++) {
    let section = '(settings)';
    for (const line of run(timed).split('\n')) {
      const m = /^@@([a-z]+)$/.exec(line);
      if (m?.[1]) section = m[1];
      const t = /^Time: ([\d.]+) ms/.exec(line);
      if (t) times.set(section, [...(times.get(section) ?? []), Number(t[1])]);
    }
  }
  const bytes = new Map<string, number>();
  let section = '';
  for (const line of run(versioned).split('\n')) {
    const m = /^@@([a-z]+)$/.exec(line);
    if (m?.[1]) section = m[1];
    else if (section) bytes.set(section, (bytes.get(section) ?? 0) + line.length + 1);
  }
  return [...times].map(([k, v]) => ({ section: k, msMedian: round(median(v)), bytes: bytes.get(k) ?? 0 }));
}

/** The breakdown of one poll as the driver runs it (`argv`: the versioned psql; `wrapped`: pg_wrapper's). */
export function pgBreakdown(
  cfg: ServiceConfig,
  versioned: string[],
  wrapped: string[],
  runs = 10,
): Record<string, unknown> {
  const connect = (argv: string[]): string[] => [...argv.slice(0, argv.indexOf('-c')), '-c', 'SELECT 1'];
  const sections = sectionCosts(versioned, runs);
  const out = run(versioned);
  const parse: number[] = [];
  let prev = null;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const snap = postgresDriver.parse({ exitCode: 0, stdout: out, stderr: '', truncated: false }, cfg);
    postgresDriver.derive(prev, snap, { serviceId: cfg.id, ts: i, elapsedMs: 1000, pollMs: 1 });
    prev = snap;
    parse.push(performance.now() - t);
  }
  return {
    runs,
    sudoTrue: fixed(['sudo', '-n', '-u', cfg.osUser ?? 'postgres', 'true'], runs),
    sudoWrapperPsqlSelect1: fixed(connect(wrapped), runs),
    sudoVersionedPsqlSelect1: fixed(connect(versioned), runs),
    wholePollVersioned: fixed(versioned, runs),
    sectionsMs: round(sections.reduce((s, r) => s + r.msMedian, 0)),
    sections,
    answerBytes: out.length,
    parseDeriveMsMedian: round(median(parse)),
  };
}

import { join } from 'node:path';
import { GreenboardError } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import { defaultDataDir } from '../engine';
import { dbStats } from '../engine';
import { exportHistory } from '../engine';
import { parse, UsageError } from './cliArgs';
import { COMMANDS, usage } from './cliTable';

/** `greenboard export` and `greenboard db stats`: history files, from the command line. */

const dbFile = (dataDir: string | undefined): string =>
  join(dataDir ?? defaultDataDir(), 'greenboard.sqlite');
const iso = (ts: number | null): string => (ts === null ? '—' : new Date(ts).toISOString());

function time(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (!Number.isFinite(t))
    throw new UsageError(`--${name} must be an ISO 8601 time such as 2026-11-28T14:00:00Z, got "${value}".`);
  return t;
}

function report(err: unknown): number {
  if (err instanceof GreenboardError) {
    process.stderr.write(`greenboard: ${err.message}\n`);
    return 1;
  }
  throw err;
}

export function exportCommand(args: string[]): number {
  const { values: v } = parse(args, COMMANDS.export.options);
  if (!v.out) throw new UsageError(usage('export'));
  const fromTs = time(v.from, 'from');
  const toTs = time(v.to, 'to');
  if (fromTs !== undefined && toTs !== undefined && fromTs > toTs)
    throw new UsageError('--from must not be after --to.');
  try {
    const r = exportHistory({
      source: dbFile(v['data-dir']),
      out: v.out,
      fromTs,
      toTs,
      hosts: v.host,
      csvDir: v.csv,
    });
    process.stdout.write(
      `Wrote ${r.out}: ${r.hosts.length} host(s), ${r.values} values, ${iso(r.fromTs)} → ${iso(r.toTs)}, ${formatBytes(r.bytes)}.\n` +
        (r.csvFiles.length ? `CSV: ${r.csvFiles.join(', ')}\n` : '') +
        `Review it anywhere with: greenboard serve --history ${r.out}\n`,
    );
    return 0;
  } catch (err) {
    return report(err);
  }
}

export function dbCommand(args: string[]): number {
  const [sub, ...rest] = args;
  if (sub !== 'stats') throw new UsageError(usage('db'));
  const { values: v } = parse(rest, COMMANDS.db.options);
  try {
    const s = dbStats(dbFile(v['data-dir']));
    if (v.json) {
      process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `${s.file}: ${formatBytes(s.fileBytes)} (+ ${formatBytes(s.walBytes)} write-ahead log), ${iso(s.fromTs)} → ${iso(s.toTs)}`,
      `${'table'.padEnd(16)}${'rows'.padStart(12)}${'on disk'.padStart(12)}  holds`,
      ...s.tables.map(
        (t) =>
          `${t.name.padEnd(16)}${String(t.rows).padStart(12)}${formatBytes(t.bytes).padStart(12)}  ${t.role}`,
      ),
    ];
    const raw = s.tables.find((t) => t.name === 'raw');
    if (raw && s.rawValues)
      lines.push(
        `${s.rawValues} raw values, ${(raw.bytes / s.rawValues).toFixed(2)} bytes each on disk (whole pages counted)`,
      );
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    return report(err);
  }
}

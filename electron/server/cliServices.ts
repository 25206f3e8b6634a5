import { GreenboardError } from '../../shared/errors';
import type { QueryCompareRow } from '../../shared/serviceMethods';
import { SERVICE_KINDS, SERVICE_LABELS, type ServiceKind, type ServiceState } from '../../shared/services';
import { intOption, parse, parseSpan, UsageError } from './cliArgs';
import { call, withEngine } from './cliFleet';
import { COMMANDS, usage } from './cliTable';

/**
 * `greenboard services …` (add, list, remove, suggest, poll) and `greenboard top-queries`:
 * databases and caches from a terminal. Top queries read the stored history, so they work
 * with the app closed, and on a copied data folder.
 */

/**
 * What a database said (statement texts, error messages) goes to a terminal: control characters
 * in it would be the terminal's commands (escape sequences), so each shows as "?".
 */
export const terminalSafe = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
const out = (s: string): boolean => process.stdout.write(`${terminalSafe(s)}\n`);

function describe(s: ServiceState): string {
  const c = s.config;
  const via =
    c.via === 'peer'
      ? `peer${c.osUser ? ` as ${c.osUser}` : ''}`
      : `tunnel${c.dbUser ? ` as ${c.dbUser}` : ''}${s.secretKept ? '' : ' (no password)'}`;
  const state =
    s.status === 'failed'
      ? `FAILED (${s.problem}): ${s.message}`
      : s.status === 'ok'
        ? s.health.state.toUpperCase()
        : '(not polled here: services poll ID)';
  const reasons = s.health.reasons.length && s.status === 'ok' ? `  ${s.health.reasons.join('; ')}` : '';
  return `${c.id.padEnd(28)} ${SERVICE_LABELS[c.kind].padEnd(14)} port ${String(c.port).padEnd(6)} ${via.padEnd(16)} ${state}${reasons}`;
}

const pctText = (p: number | null): string => (p == null ? '' : `${p > 0 ? '+' : ''}${Math.round(p)} %`);
const msText = (v: number | null | undefined): string =>
  v == null ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(1);
const oneLine = (t: string | null, max = 70): string => {
  const s = (t ?? '(text not fetched yet)').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

function topRow(r: QueryCompareRow, compare: boolean): string {
  const a = r.after;
  const now = `${String(a?.calls ?? 0).padStart(8)} calls  ${msText(a?.meanMs).padStart(8)} ms mean  ${String(Math.round(a?.rows ?? 0)).padStart(8)} rows`;
  const was = compare
    ? `   before ${msText(r.before?.meanMs).padStart(8)} ms ${pctText(r.meanChangePct).padStart(7)}  calls ${pctText(r.callsChangePct).padStart(7)}`
    : '';
  return `${now}${was}  ${oneLine(r.text)}`;
}

/** `--via`: peer, tunnel, or dsn (the issue's word for a tunnel with a login), as the contract spells it. */
function viaOf(via: string | undefined): 'peer' | 'tunnel' | undefined {
  if (via === undefined) return undefined;
  if (via === 'peer' || via === 'tunnel') return via;
  if (via === 'dsn') return 'tunnel';
  throw new UsageError(`--via must be peer or tunnel (dsn is the same as tunnel), got "${via}".`);
}

/**
 * The password given with --password-stdin: all of standard input, less one final line break.
 * Never argv, where every user of the machine can read it in the process list.
 */
export async function readPasswordStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stdin.isTTY)
    throw new UsageError(
      '--password-stdin reads the password from a pipe or a file, e.g. greenboard services add … --password-stdin < pw.txt',
    );
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  const pw = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (pw === '') throw new UsageError('--password-stdin read nothing: pipe the password in.');
  return pw;
}

export async function servicesCommand(args: string[], version: string): Promise<number> {
  const [sub, ...rest] = args;
  const { values: v, positionals: pos } = parse(rest, COMMANDS.services.options, true);
  switch (sub) {
    case 'add': {
      const [hostId] = pos;
      if (!hostId || !v.kind) throw new UsageError(usage('services', 'add'));
      if (!(SERVICE_KINDS as readonly string[]).includes(v.kind))
        throw new UsageError(`--kind must be one of ${SERVICE_KINDS.join(', ')}, got "${v.kind}".`);
      const via = viaOf(v.via);
      if (v['password-stdin'] && via !== 'tunnel')
        throw new UsageError('--password-stdin is for a service read through a tunnel: add --via tunnel.');
      const password = v['password-stdin'] ? await readPasswordStdin() : null;
      return withEngine(v['data-dir'], version, async (e) => {
        let s = await call(e, 'services:add', {
          hostId,
          kind: v.kind as ServiceKind,
          ...(v.port ? { port: intOption(v.port, 'port', 0, 1, 65_535) } : {}),
          ...(via ? { via } : {}),
          ...(v['db-user'] ? { dbUser: v['db-user'] } : {}),
          ...(v['os-user'] !== undefined ? { osUser: v['os-user'] || null } : {}),
          ...(v['socket-dir'] ? { socketDir: v['socket-dir'] } : {}),
          ...(v.database ? { database: v.database } : {}),
        });
        if (password !== null) {
          // Kept like the other secrets (this process's memory, headless), then read with it.
          await call(e, 'services:secret', { serviceId: s.config.id, secret: password });
          s = await call(e, 'services:poll', { serviceId: s.config.id });
        }
        if (v.json) out(JSON.stringify(s, null, 2));
        else out(`Added ${s.config.id}.\n${describe(s)}`);
        // Added either way: a service that cannot be read yet says why and what to do.
        return s.status === 'ok' ? 0 : 1;
      });
    }
    case 'list':
      return withEngine(v['data-dir'], version, async (e) => {
        const list = await call(e, 'services:list', pos[0] ? { hostId: pos[0] } : {});
        if (v.json)
          out(
            JSON.stringify(
              list.map((s) => s.config),
              null,
              2,
            ),
          );
        else if (list.length === 0)
          out('No databases or caches added. "greenboard services suggest HOST" looks for some.');
        else for (const s of list) out(describe(s));
        return 0;
      });
    case 'poll': {
      if (!pos[0]) throw new UsageError(usage('services', 'poll'));
      const password = v['password-stdin'] ? await readPasswordStdin() : null;
      return withEngine(v['data-dir'], version, async (e) => {
        if (!pos[0]) throw new UsageError(usage('services', 'poll'));
        if (password !== null) await call(e, 'services:secret', { serviceId: pos[0], secret: password });
        const s = await call(e, 'services:poll', { serviceId: pos[0], windowMs: 1000 });
        if (v.json) out(JSON.stringify(s, null, 2));
        else out(describe(s));
        return s.status === 'ok' ? 0 : 1;
      });
    }
    case 'remove':
      return withEngine(v['data-dir'], version, async (e) => {
        if (!pos[0]) throw new UsageError(usage('services', 'remove'));
        out(`Removed ${(await call(e, 'services:remove', { serviceId: pos[0] })).removed}.`);
        return 0;
      });
    case 'suggest':
      return withEngine(v['data-dir'], version, async (e) => {
        if (!pos[0]) throw new UsageError(usage('services', 'suggest'));
        const found = await call(e, 'services:suggest', { hostId: pos[0] });
        if (v.json) out(JSON.stringify(found, null, 2));
        else if (found.length === 0) out(`Nothing new found on ${pos[0]}.`);
        else
          for (const f of found)
            out(
              `${SERVICE_LABELS[f.kind]} on port ${f.port} (${f.evidence}): greenboard services add ${f.hostId} --kind ${f.kind} --port ${f.port}`,
            );
        return 0;
      });
    default:
      throw new UsageError(
        sub ? `Unknown services command "${sub}".\n${usage('services')}` : usage('services'),
      );
  }
}

export async function topQueriesCommand(args: string[], version: string): Promise<number> {
  const { values: v, positionals: pos } = parse(args, COMMANDS['top-queries'].options, true);
  const [hostId] = pos;
  if (!hostId) throw new UsageError(usage('top-queries'));
  const since = parseSpan(v.since ?? '1h', 'since');
  const back = v['compare-to'] ? parseSpan(v['compare-to'], 'compare-to') : null;
  const limit = intOption(v.limit, 'limit', 20, 1, 200);
  return withEngine(v['data-dir'], version, async (e) => {
    const list = (await call(e, 'services:list', { hostId })).filter((s) => s.config.kind !== 'redis');
    const svc = v.service
      ? list.find((s) => s.config.id === v.service || s.config.kind === v.service)
      : list[0];
    if (!svc) {
      const why = v.service
        ? `no service "${v.service}" on ${hostId}`
        : `no PostgreSQL or MySQL service on ${hostId}`;
      throw new GreenboardError('not_found', `${why}. "greenboard services list" shows them.`);
    }
    if (!v.service && list.length > 1)
      process.stderr.write(
        `greenboard: ${hostId} has ${list.length} databases; showing ${svc.config.id} (--service picks one).\n`,
      );
    const now = Date.now();
    const range = { fromTs: now - since, toTs: now };
    const compare = back ? { fromTs: range.fromTs - back, toTs: range.toTs - back } : undefined;
    const r = await call(e, 'services:topQueries', { serviceId: svc.config.id, range, compare, limit });
    if (v.json) {
      out(JSON.stringify({ service: svc.config.id, range, compare: compare ?? null, ...r }, null, 2));
      return 0;
    }
    if (r.note) out(r.note);
    const span = v.since ?? '1h';
    out(
      `${svc.config.id}: top statements over the last ${span}${compare ? `, against the same ${span} ${v['compare-to']} earlier` : ''}`,
    );
    if (r.rows.length === 0) out('  (no statements recorded in this range)');
    for (const row of r.rows) out(topRow(row, Boolean(compare)));
    return 0;
  });
}

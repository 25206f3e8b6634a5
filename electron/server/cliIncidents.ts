import { existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { SEVERITIES, type IncidentSummary, type Severity } from '../../shared/incidents';
import { call, withEngine } from './cliFleet';
import { parse, UsageError } from './cliArgs';
import { COMMANDS, usage } from './cliTable';

/** `greenboard incidents …`: declare, list, note, resolve and export incidents from a terminal. */

const USAGE = usage('incidents');

const out = (s: string): boolean => process.stdout.write(`${s}\n`);

/** Who the timeline names: --by, else the login name (a terminal has no signed-in user). */
function who(by: string | undefined): string {
  if (by) return by;
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

function row(i: IncidentSummary): string {
  const when = new Date(i.declaredAt).toISOString().slice(0, 16).replace('T', ' ');
  const warn = i.warnings.length ? `  [${i.warnings.join('; ')}]` : '';
  return `${i.id.padEnd(7)} ${i.severity}  ${i.status.padEnd(13)} ${when}  ${i.title}${warn}`;
}

export async function incidentsCommand(args: string[], version: string): Promise<number> {
  const [sub, ...rest] = args;
  const { values: v, positionals: pos } = parse(rest, COMMANDS.incidents.options, true);
  switch (sub) {
    case 'declare': {
      if (!v.title || !v.severity) throw new UsageError(`--title and --severity are required.\n${USAGE}`);
      const severity = v.severity.toUpperCase();
      if (!(SEVERITIES as readonly string[]).includes(severity))
        throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')}, got "${v.severity}".`);
      return withEngine(v['data-dir'], version, async (e) => {
        const hosts = await call(e, 'hosts:list', {});
        const hostIds = (v.host ?? []).map((name) => {
          const h = hosts.find((x) => x.name === name || x.id === name);
          if (!h) throw new UsageError(`No host named "${name}". Run "greenboard hosts list".`);
          return h.id;
        });
        const inc = await call(e, 'incidents:declare', {
          title: v.title ?? '',
          severity: severity as Severity,
          hostIds,
          ...(v.template ? { template: v.template } : {}),
          by: who(v.by),
        });
        if (v.json) out(JSON.stringify(inc, null, 2));
        else
          out(
            `Declared ${inc.id} (${inc.severity}): ${inc.title}${inc.template ? ` — checklist ${inc.template}` : ''}`,
          );
        return 0;
      });
    }
    case 'list':
      return withEngine(v['data-dir'], version, async (e) => {
        const list = await call(e, 'incidents:list', { status: v.open ? 'open' : 'all', limit: 1000 });
        if (v.json) out(JSON.stringify(list, null, 2));
        else if (list.length === 0) out('No incidents.');
        else for (const i of list) out(row(i));
        return 0;
      });
    case 'note': {
      const [id, ...words] = pos;
      if (!id || words.length === 0)
        throw new UsageError(`incidents note needs an ID and the text.\n${USAGE}`);
      return withEngine(v['data-dir'], version, async (e) => {
        const inc = await call(e, 'incidents:note', { id, text: words.join(' '), by: who(v.by) });
        out(`Noted on ${inc.id}.`);
        return 0;
      });
    }
    case 'resolve': {
      const [id] = pos;
      if (!id || pos.length > 1) throw new UsageError(`incidents resolve needs one ID.\n${USAGE}`);
      return withEngine(v['data-dir'], version, async (e) => {
        const inc = await call(e, 'incidents:resolve', {
          id,
          ...(v.resolution ? { resolution: v.resolution } : {}),
          by: who(v.by),
        });
        out(`Resolved ${inc.id}${inc.ttrMs === null ? '' : ` after ${Math.round(inc.ttrMs / 60_000)} min`}.`);
        return 0;
      });
    }
    case 'export': {
      const [id] = pos;
      if (!id || !v.out) throw new UsageError(`incidents export needs an ID and --out FILE.md.\n${USAGE}`);
      const file = v.out;
      if (existsSync(file))
        throw new UsageError(`${file} already exists; choose another name (nothing was overwritten).`);
      return withEngine(v['data-dir'], version, async (e) => {
        const pm = await call(e, 'incidents:postmortem', { id });
        writeFileSync(file, pm.markdown);
        out(`Wrote the postmortem draft of ${id.toUpperCase()} to ${file}.`);
        return 0;
      });
    }
    default:
      throw new UsageError(sub ? `Unknown incidents command "${sub}".\n${USAGE}` : USAGE);
  }
}

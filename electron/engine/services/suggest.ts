import { GreenboardError } from '../../../shared/errors';
import {
  DEFAULT_SERVICE_PORTS,
  DEFAULT_SERVICE_VIA,
  SERVICE_KINDS,
  type ServiceKind,
  type ServiceSuggestion,
} from '../../../shared/services';
import type { ServiceWatch } from './serviceWatch';

/**
 * A constant script (nothing of the user's in it): the listening TCP ports and the process
 * names, the two things a database gives itself away by. ss where it exists, netstat where not.
 */
const LOOK = `(ss -Hltn 2>/dev/null || netstat -ltn 2>/dev/null); echo @@ps; ps -eo comm= 2>/dev/null`;

const PROCESS_NAMES: Record<ServiceKind, readonly string[]> = {
  postgres: ['postgres', 'postmaster'],
  mysql: ['mariadbd', 'mysqld'],
  redis: ['redis-server'],
};

/** Listening ports and process names from the script's output; anything unreadable is skipped. */
export function parseLook(stdout: string): { ports: Set<number>; procs: Set<string> } {
  const [net = '', ps = ''] = stdout.split('@@ps');
  const ports = new Set<number>();
  for (const line of net.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // ss: State Recv-Q Send-Q Local:Port Peer:Port; netstat: Proto Recv-Q Send-Q Local Foreign State.
    const local = cols[0] === 'LISTEN' ? cols[3] : cols[0]?.startsWith('tcp') ? cols[3] : undefined;
    const port = Number(local?.slice(local.lastIndexOf(':') + 1));
    if (Number.isInteger(port) && port > 0 && port < 65_536) ports.add(port);
  }
  const procs = new Set(
    ps
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return { ports, procs };
}

/** What the look found, less what is already added: a kind whose process runs, on its usual port if it listens there. */
export function suggestionsOf(
  hostId: string,
  look: { ports: Set<number>; procs: Set<string> },
  added: ReadonlySet<string>,
): ServiceSuggestion[] {
  const out: ServiceSuggestion[] = [];
  for (const kind of SERVICE_KINDS) {
    const proc = PROCESS_NAMES[kind].find((p) => look.procs.has(p));
    const port = DEFAULT_SERVICE_PORTS[kind];
    const listens = look.ports.has(port);
    if (!proc && !listens) continue;
    if (added.has(`${kind}:${port}`)) continue;
    // Without root, ss cannot say which process holds which port: a server on another port
    // is named as such, for the user to give its port.
    const evidence = listens
      ? [proc ? `a ${proc} process runs` : null, `port ${port} is listening`].filter(Boolean).join(' and ')
      : `a ${proc ?? kind} process runs, but not on port ${port}: give its port`;
    out.push({ hostId, kind, port, via: DEFAULT_SERVICE_VIA[kind], evidence });
  }
  return out;
}

export async function suggestServices(watch: ServiceWatch, hostId: string): Promise<ServiceSuggestion[]> {
  const runner = watch.runnerOf(hostId);
  if (typeof runner === 'string')
    throw new GreenboardError('conflict', `Cannot look for services: ${runner}.`);
  const out = await runner.exec(['sh', '-c', LOOK], 10_000);
  const added = new Set(watch.list(hostId).map((s) => `${s.config.kind}:${s.config.port}`));
  return suggestionsOf(hostId, parseLook(out.stdout), added);
}

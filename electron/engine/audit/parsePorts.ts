// TCP listeners, from `ss -ltn` or, without ss (BusyBox systems), /proc/net/tcp{,6}. Only
// sockets bound to a non-loopback address are reachable from the network and judged. UDP is
// left out: "listening" UDP sockets include DHCP and mDNS clients, which are not services.
import type { Finding } from '../../../shared/audit';
import { firstLine, timedOut, type Sections } from './auditOutput';
import { fail, notChecked, pass, SPECS } from './findings';

export interface Listener {
  address: string;
  port: number;
}

/** `ss -ltn` rows: "LISTEN 0 128 0.0.0.0:22 0.0.0.0:*"; the local address may be [v6], *, or carry %iface. */
export function parseSs(text: string): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n')) {
    const m = /^\S+\s+\d+\s+\d+\s+(\S+):(\d+)\s/.exec(line);
    if (m) out.push({ address: m[1]!.replace(/^\[|\]$/g, '').replace(/%\S+$/, ''), port: Number(m[2]) });
  }
  return out;
}

/** A /proc/net/tcp{,6} address: 32-bit words in host byte order (little-endian on every Linux we meet). */
function hexAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  const v6 = groups.join(':');
  return v6 === '0:0:0:0:0:0:0:0' ? '::' : v6 === '0:0:0:0:0:0:0:1' ? '::1' : v6;
}

/** Listening rows (state 0A) of /proc/net/tcp or tcp6. */
export function parseProcNetTcp(text: string): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\d+: ([0-9A-Fa-f]+):([0-9A-Fa-f]{4}) [0-9A-Fa-f]+:[0-9A-Fa-f]+ 0A /.exec(line);
    if (m) out.push({ address: hexAddress(m[1]!), port: parseInt(m[2]!, 16) });
  }
  return out;
}

export function isLoopback(address: string): boolean {
  return (
    /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address) || address === 'localhost'
  );
}

/** "22 (0.0.0.0, ::), 80 (*)" */
function describe(ls: Listener[]): string {
  const byPort = new Map<number, Set<string>>();
  for (const l of ls) byPort.set(l.port, (byPort.get(l.port) ?? new Set()).add(l.address));
  return [...byPort.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([port, addrs]) => `${port} (${[...addrs].join(', ')})`)
    .join(', ');
}

/** The listeners the script saw, or why none could be read. */
export function listeners(sections: Sections): Listener[] | string {
  const ss = sections.get('ss');
  if (ss && !ss.absent) {
    if (timedOut(ss)) return 'ss timed out';
    if (ss.rc !== 0) return `ss failed: ${firstLine(ss.text)}`;
    return parseSs(ss.text);
  }
  const proc = sections.get('proc-tcp');
  if (!proc || proc.parts.length === 0) return 'no ss, and /proc/net/tcp is not readable';
  return proc.parts.flatMap((p) => parseProcNetTcp(p.text));
}

/** network.listening-ports against the host's allowlist. */
export function portsFinding(sections: Sections, allowedPorts: readonly number[] | undefined): Finding {
  const spec = SPECS.ports;
  const all = listeners(sections);
  if (typeof all === 'string') return notChecked(spec, all, all);
  const exposed = all.filter((l) => !isLoopback(l.address));
  const seen = exposed.length
    ? `Listening on the network: ${describe(exposed)}.`
    : 'No TCP port listens on a non-loopback address.';
  if (allowedPorts === undefined) return notChecked(spec, 'no port allowlist set', seen);
  const extra = exposed.filter((l) => !allowedPorts.includes(l.port));
  const allowed = `Allowed: ${allowedPorts.length ? allowedPorts.join(', ') : 'none'}.`;
  if (extra.length === 0) return pass(spec, `${seen} ${allowed}`);
  return fail(spec, `Not in the allowlist: ${describe(extra)}. ${allowed}`);
}

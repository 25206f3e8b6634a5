/**
 * The header's "critical" badge in words: hosts and probes that are red now, each named only
 * when there is one ("2 hosts critical", "1 host, 1 probe critical", "3 probes critical").
 */
export function criticalLabel(hosts: number, probes: number): string {
  const parts: string[] = [];
  if (hosts > 0) parts.push(`${hosts} ${hosts === 1 ? 'host' : 'hosts'}`);
  if (probes > 0) parts.push(`${probes} ${probes === 1 ? 'probe' : 'probes'}`);
  return parts.length > 0 ? `${parts.join(', ')} critical` : 'nothing critical';
}

/** How many of `ids` are red in `byId`: a number, so a selector re-renders only when it changes. */
export function redIn<T extends { health: { state: string } }>(
  ids: readonly string[],
  byId: Readonly<Record<string, T | undefined>>,
): number {
  return ids.reduce((n, id) => n + (byId[id]?.health.state === 'red' ? 1 : 0), 0);
}

/** Room left in a 64-character id for a "-NN" suffix. */
const MAX_BASE = 56;

/**
 * A probe id from its name: lower-case words joined by dashes ("API health" → "api-health"),
 * accents dropped, then "-2", "-3"... while `taken` says the id is in use. Ids end up in URLs,
 * CLI arguments and the db, so they stay plain ASCII.
 */
export function probeIdFor(name: string, taken: (id: string) => boolean): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, MAX_BASE)
      .replace(/-+$/, '') || 'probe';
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

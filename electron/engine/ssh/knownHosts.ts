// Reads OpenSSH known_hosts text and answers "what do we know about this host's key?", the way
// ssh(1) does before it connects. Format: https://man.openbsd.org/sshd.8#SSH_KNOWN_HOSTS_FILE_FORMAT
// @cert-authority lines are skipped: Greenboard does not verify host certificates.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** One usable known_hosts line. */
export interface KnownHostEntry {
  /** Plain host patterns (may hold `*`, `?` and `!negation`), or a hashed name (`|1|salt|hash`). */
  hosts: string[] | { salt: Buffer; hash: Buffer };
  keyType: string;
  /** The decoded base64 key blob (SSH wire format). */
  key: Buffer;
  /** `@revoked`: this key must never be accepted for the hosts on the line. */
  marker?: 'revoked';
  /** 1-based line number in the text, for messages. */
  line: number;
}

export type KnownHostVerdict =
  | { status: 'match' }
  | { status: 'mismatch'; expectedFingerprints: string[] }
  | { status: 'revoked' }
  | { status: 'unknown' };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses known_hosts text. Comments, blank, malformed and @cert-authority lines are skipped. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: 'revoked' | undefined;
    if (fields[0].startsWith('@')) {
      if (fields[0] !== '@revoked') return; // @cert-authority or an unknown marker
      marker = 'revoked';
      fields.shift();
    }
    const [hostField, keyType, keyB64] = fields;
    if (!hostField || !keyType || !keyB64 || !BASE64.test(keyB64)) return;
    const key = Buffer.from(keyB64, 'base64');
    if (readKeyType(key) !== keyType) return;
    const hosts = hostField.startsWith('|') ? parseHashed(hostField) : hostField.split(',').filter(Boolean);
    if (hosts === undefined || (Array.isArray(hosts) && hosts.length === 0)) return;
    entries.push({ hosts, keyType, key, ...(marker ? { marker } : {}), line: i + 1 });
  });
  return entries;
}

function parseHashed(field: string): { salt: Buffer; hash: Buffer } | undefined {
  const [, magic, salt, hash] = field.split('|');
  if (magic !== '1' || !salt || !hash || !BASE64.test(salt) || !BASE64.test(hash)) return undefined;
  const parsed = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  // OpenSSH writes a SHA-1-sized salt and always compares a full SHA-1 HMAC.
  return parsed.salt.length === 20 && parsed.hash.length === 20 ? parsed : undefined;
}

/** The name ssh looks up: `example.com` on port 22, `[example.com]:2222` on any other port. */
export function hostPattern(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** OpenSSH's pattern-list rule: a matching `!pattern` excludes the name whatever else matches. */
function matchesPatterns(name: string, patterns: string[]): boolean {
  let matched = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    if (!globToRegExp(negated ? p.slice(1) : p).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (Array.isArray(entry.hosts)) return matchesPatterns(name, entry.hosts);
  const { salt, hash } = entry.hosts;
  const mac = createHmac('sha1', salt).update(name).digest();
  return mac.length === hash.length && timingSafeEqual(mac, hash);
}

/**
 * What the entries say about the key a server at host:port presented. `mismatch` means a key of
 * the same type is known for this host and this is not it: OpenSSH's "REMOTE HOST IDENTIFICATION
 * HAS CHANGED". Keys known only of other types leave the host `unknown`, as in ssh(1).
 */
export function checkHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  keyType: string,
  key: Buffer,
): KnownHostVerdict {
  const name = hostPattern(host, port);
  const forHost = entries.filter((e) => entryMatches(e, name));
  if (forHost.some((e) => e.marker === 'revoked' && e.key.equals(key))) return { status: 'revoked' };
  const sameType = forHost.filter((e) => e.marker === undefined && e.keyType === keyType);
  if (sameType.some((e) => e.key.equals(key))) return { status: 'match' };
  if (sameType.length === 0) return { status: 'unknown' };
  const expectedFingerprints = [...new Set(sameType.map((e) => fingerprintSha256(e.key)))];
  return { status: 'mismatch', expectedFingerprints };
}

/** `SHA256:...` exactly as `ssh-keygen -l` prints it (unpadded base64 of the blob's digest). */
export function fingerprintSha256(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

function readKeyType(key: Buffer): string | undefined {
  if (key.length < 4) return undefined;
  const len = key.readUInt32BE(0);
  if (len === 0 || len > 64 || key.length < 4 + len) return undefined;
  return key.subarray(4, 4 + len).toString('latin1');
}

/**
 * The key type a wire-format key blob names in its first string, e.g. `ssh-ed25519`.
 * @throws Error if the blob is too short to be an SSH key.
 */
export function keyTypeOf(key: Buffer): string {
  const type = readKeyType(key);
  if (type === undefined) throw new Error('Not an SSH public key blob: it does not start with a key type.');
  return type;
}

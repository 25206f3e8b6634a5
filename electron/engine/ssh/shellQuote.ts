// The one way Greenboard builds a command line for a remote POSIX shell. Every argument is
// single-quoted, inside which sh gives no character a special meaning except the closing quote:
// https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_02_02

/**
 * Quotes one argument for a POSIX shell: `it's` → `'it'\''s'`, empty → `''`.
 * @throws Error if the argument holds a NUL byte, which no shell argument can carry.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) {
    throw new Error(
      'Cannot pass a NUL character in a remote shell argument; remove it from the value and try again.',
    );
  }
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Quotes each argument and joins them with spaces: a command line that runs exactly `argv`. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

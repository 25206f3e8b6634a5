import fc from 'fast-check';

/**
 * Hostile JSON for the contract fuzz test, generated as *text*, not as values: only text can
 * carry what a client can really send (`-0`, `1e309`, integers past 2^53, lone surrogates as
 * `\ud800` escapes, duplicate keys, `__proto__` as an own key), and the same text goes over
 * HTTP and over the WebSocket, so a counterexample replays on both.
 */

/** Number tokens that JSON.stringify cannot produce, and the limits around them. */
const NUMBER_TOKENS = [
  '0',
  '-0',
  '-0.0',
  '1',
  '-1',
  '0.5',
  '1e308',
  '-1e308',
  '1e309', // Infinity once parsed
  '-1e309',
  '1e-400', // 0 once parsed
  '5e-324',
  '9007199254740993', // past Number.MAX_SAFE_INTEGER
  '-9007199254740993',
  '123456789012345678901234567890',
  '2147483648',
  '-2147483649',
  '3000000000', // past setTimeout's 32-bit limit
  '4294967296',
  '86400001',
] as const;

/** NUL and control characters: what reaches a shell, a path or a file name must refuse them. */
const CONTROL_CHARS = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\n', '\r', '\t'] as const;

/** Text that breaks rendering and naive string code: separators, lone surrogates, RTL, emoji. */
const ODD_CHARS = [
  '\u2028',
  '\u2029',
  '\ud800', // lone high surrogate: JSON.stringify escapes it as \ud800
  '\udfff', // lone low surrogate
  '\u202e', // right-to-left override
  '\u200f',
  '\u200b',
  '\ufeff',
  '\uffff',
  'e\u0301',
  '😀',
  '👩‍👩‍👧',
  'שלום',
  '%00',
  '%',
  '/',
  '\\',
  '"',
] as const;

/**
 * Strings that mean something somewhere: the ids that exist, paths, URLs (loopback only, or
 * schemes that never reach a network), shell syntax, names of Object.prototype members.
 */
const STRING_POOL = [
  '',
  ' ',
  'a',
  'local',
  'Local',
  'local ',
  'x'.repeat(64),
  '-',
  '--help',
  '--version',
  '.',
  '..',
  '../../../../tmp/gb-fuzz',
  '/nonexistent-gb-fuzz',
  'C:\\Windows\\..\\x',
  '%2e%2e%2f',
  '${HOME}',
  '$(id)',
  '`id`',
  'a;id',
  'a|id',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'top-cpu',
  'largest-dirs',
  `SHA256:${'A'.repeat(43)}`,
  'http://127.0.0.1:1/',
  'http://user:pass@127.0.0.1:1/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'commander',
  'SEV1',
  'INC-1',
  'open',
  'cpu',
  'host',
  'tag',
] as const;

/** Object keys that trip naive code: prototype members and odd names. */
const KEY_POOL = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '',
  ' ',
  '\u0000',
  'hostId',
  'id',
  'name',
  'input',
  'method',
  'x'.repeat(1000),
] as const;

/** Lengths for huge strings: just past common limits, and about 200 KB. */
const HUGE_LENGTHS = [4097, 65_537, 200_000] as const;

/** One edit of a string. */
export type Edit = (s: string) => string;

const hostileChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('\u0000') },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL_CHARS) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_CHARS) },
);

/** Inserts a hostile character, wraps in path or option syntax, or blows the string up. */
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(hostileChar, fc.nat()).map(([c, at]): Edit => (s) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + c + s.slice(i);
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Edit>(
      (s) => `-${s}`,
      (s) => `../${s}`,
      (s) => `${s}/../..`,
      (s) => ` ${s} `,
      (s) => s.toUpperCase(),
      () => '',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...HUGE_LENGTHS).map((n): Edit => (s) => {
      const unit = s === '' ? 'x' : s;
      return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    }),
  },
);

/** Applies a few edits to a string. */
export const edits: fc.Arbitrary<(s: string) => string> = fc
  .array(edit, { minLength: 1, maxLength: 3 })
  .map((list) => (s: string) => list.reduce((acc, e) => e(acc), s));

/** A string from the pool or random (any code point), often with hostile edits. */
export const fuzzString: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...STRING_POOL) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    ),
    fc.option(edits, { freq: 3 }),
  )
  .map(([base, change]) => (change ? change(base) : base));

export const stringText: fc.Arbitrary<string> = fuzzString.map((s) => JSON.stringify(s));

export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NUMBER_TOKENS),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);

export const keyText: fc.Arbitrary<string> = fc
  .oneof({ weight: 2, arbitrary: fc.constantFrom(...KEY_POOL) }, { weight: 1, arbitrary: fuzzString })
  .map((k) => JSON.stringify(k));

/** `[[[…]]]` or `{"a":{"a":…}}` this many levels deep around a leaf. */
const deepText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(64, 500, 2000, 3000), fc.boolean(), fc.constantFrom('null', '"x"', '{}'))
  .map(([depth, arrays, leaf]) =>
    arrays ? '['.repeat(depth) + leaf + ']'.repeat(depth) : '{"a":'.repeat(depth) + leaf + '}'.repeat(depth),
  );

/** `{k:v,…}` from entries already written as JSON text (duplicates kept, as a client may send). */
export function objectText(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${k}:${v}`).join(',')}}`;
}

/** Any JSON value, with hostile leaves, `__proto__`-style keys, duplicate keys and deep nesting. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: stringText },
    { weight: 3, arbitrary: numberText },
    { weight: 1, arbitrary: fc.constantFrom('null', 'true', 'false') },
    { weight: 1, arbitrary: deepText },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`) },
    { weight: 2, arbitrary: fc.array(fc.tuple(keyText, tie('value')), { maxLength: 4 }).map(objectText) },
  ),
})).value;

/** Any hostile JSON for a field: mostly strings and numbers, sometimes a whole structure. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: stringText },
  { weight: 2, arbitrary: numberText },
  { weight: 1, arbitrary: fc.constantFrom('null', 'true', 'false', '[]', '{}') },
  { weight: 2, arbitrary: jsonText },
);

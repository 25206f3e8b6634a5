/**
 * Every field of a valid input broken one at a time, the rest left valid: a sweep that reaches
 * each handler with exactly one odd value, where random generation would rarely line up a
 * valid host, a valid check and a NUL in the path in the same call.
 */

/** A broken input as JSON text, with a label saying which field and how. */
export interface FieldBreak {
  label: string;
  text: string;
}

const STRING_BREAKS: readonly (readonly [string, (s: string) => string])[] = [
  ['NUL at the end', (s) => `${s}\u0000`],
  ['a control character and a newline', (s) => `\u0001${s}\n-x`],
  ['a lone surrogate, RTL override and emoji', (s) => `\u202e${s}\ud800😀`],
  ['200 KB', (s) => (s || 'x').repeat(Math.ceil(200_000 / Math.max(1, s.length))).slice(0, 200_000)],
  ['"-../" first', (s) => `-../${s}`],
  ['an open quote and a backslash', (s) => `"${s} \\`],
  ['empty', () => ''],
];

/** Raw JSON number tokens (and a near miss) that JSON.stringify cannot write. */
const NUMBER_BREAKS = ['1e309', '-0', '3000000000', '9007199254740993', '"1"'] as const;

/** `__proto__` as an own key, where a whole object is expected. */
const OBJECT_BREAK = '{"__proto__":{"x":1}}';

/** Enough cases per method to reach every field, few enough to keep the suite quick. */
const MAX_CASES = 80;

type Path = (string | number)[];

/** Where a replacement goes: JSON.stringify writes it as a string we then swap for raw text. */
const MARK = '\u0000gb-field-break\u0000';
const MARK_TEXT = JSON.stringify(MARK);

function withValueAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root))
    return (root as unknown[]).map((v, i) => (i === head ? withValueAt(v, rest, value) : v));
  const obj = root as Record<string, unknown>;
  return { ...obj, [head as string]: withValueAt(obj[head as string], rest, value) };
}

function withoutKey(root: unknown, path: Path): unknown {
  const parent = path.slice(0, -1);
  const key = path.at(-1) as string;
  const holder = parent.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
  const { [key]: _dropped, ...rest } = holder as Record<string, unknown>;
  return withValueAt(root, parent, rest);
}

/** The example as text with the value at `path` replaced by raw JSON text. */
function replaced(example: unknown, path: Path, text: string): string {
  return JSON.stringify(withValueAt(example, path, MARK)).replace(MARK_TEXT, () => text);
}

/** Every single-field break of `example` (a valid input). */
export function fieldBreaks(example: unknown): FieldBreak[] {
  const out: FieldBreak[] = [];
  const walk = (value: unknown, path: Path): void => {
    const where = path.length > 0 ? path.join('.') : '(input)';
    if (typeof value === 'string') {
      for (const [how, fn] of STRING_BREAKS)
        out.push({ label: `${where}: ${how}`, text: replaced(example, path, JSON.stringify(fn(value))) });
    } else if (typeof value === 'number') {
      for (const token of NUMBER_BREAKS)
        out.push({ label: `${where}: ${token}`, text: replaced(example, path, token) });
    } else if (typeof value === 'boolean') {
      out.push({ label: `${where}: "true"`, text: replaced(example, path, '"true"') });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
    if (path.length === 0) return;
    out.push({ label: `${where}: null`, text: replaced(example, path, 'null') });
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      out.push({ label: `${where}: ${OBJECT_BREAK}`, text: replaced(example, path, OBJECT_BREAK) });
    if (typeof path.at(-1) === 'string')
      out.push({ label: `${where}: left out`, text: JSON.stringify(withoutKey(example, path)) });
  };
  walk(example, []);
  if (out.length <= MAX_CASES) return out;
  // Evenly spread, so a long example (settings) keeps cases from each of its parts.
  return Array.from({ length: MAX_CASES }, (_, i) => out[Math.floor((i * out.length) / MAX_CASES)]).filter(
    (c): c is FieldBreak => c !== undefined,
  );
}

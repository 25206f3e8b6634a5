// The user's target selector is pasted inside `{…}` of every query. It is parsed and written
// back rather than pasted verbatim, so that `job="node"} or vector(1) or up{` cannot turn into
// a different query. Grammar: https://prometheus.io/docs/prometheus/latest/querying/basics/

/** One label matcher: `name op "value"`. */
export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export type SelectorResult =
  { ok: true; matchers: LabelMatcher[]; text: string } | { ok: false; error: string };

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const OP = /^(=~|!~|!=|=)/;

/** A string as a PromQL double-quoted literal (backslash, quote and newline escaped). */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Reads one quoted string at the start of `s` (", ' or `), returning its value and length. */
function readString(s: string): { value: string; length: number } | null {
  const quote = s[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') return null;
  let value = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === quote) return { value, length: i + 1 };
    if (c === '\\' && quote !== '`') {
      const next = s[++i];
      if (next === undefined) return null;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else {
      value += c;
    }
  }
  return null;
}

/**
 * Parses label matchers without braces (`job="node", env=~"prod|stage"`) into a normalized
 * text safe to put inside `{…}`. The error says what is wrong and where to fix it.
 */
export function parseSelector(raw: string): SelectorResult {
  const matchers: LabelMatcher[] = [];
  let s = raw.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  const fail = (what: string): SelectorResult => ({
    ok: false,
    error: `The selector ${JSON.stringify(raw)} is not a list of label matchers (${what}). Write it like job="node" or job="node",env=~"prod.*" in Settings → Data sources.`,
  });
  while (s.length > 0) {
    const name = NAME.exec(s)?.[0];
    if (!name) return fail(`expected a label name at "${s.slice(0, 20)}"`);
    s = s.slice(name.length).trimStart();
    const op = OP.exec(s)?.[0] as LabelMatcher['op'] | undefined;
    if (!op) return fail(`expected =, !=, =~ or !~ after ${name}`);
    s = s.slice(op.length).trimStart();
    const str = readString(s);
    if (!str) return fail(`expected a quoted value after ${name}${op}`);
    matchers.push({ name, op, value: str.value });
    s = s.slice(str.length).trimStart();
    if (s.startsWith(',')) s = s.slice(1).trimStart();
    else if (s.length > 0) return fail(`expected "," before "${s.slice(0, 20)}"`);
  }
  if (matchers.length === 0) return fail('it is empty');
  // Prometheus rejects a selector that only matches the empty string; say so before it does.
  if (!matchers.some((m) => !matchesEmpty(m))) {
    return fail('at least one matcher must need a non-empty value, e.g. job="node"');
  }
  return {
    ok: true,
    matchers,
    text: matchers.map((m) => `${m.name}${m.op}${promString(m.value)}`).join(','),
  };
}

function matchesEmpty(m: LabelMatcher): boolean {
  if (m.op === '=') return m.value === '';
  if (m.op === '!=') return m.value !== '';
  // Regexes are anchored by Prometheus; an invalid one is left for Prometheus to report.
  try {
    const matches = new RegExp(`^(?:${m.value})$`).test('');
    return m.op === '=~' ? matches : !matches;
  } catch {
    return false;
  }
}

import { parseJsonPath, type ExpectStatus, type JsonPathStep, type ProbeDef } from '../../../shared/probes';

/** True when `status` is one the probe accepts. */
export function statusMatches(expect: ExpectStatus, status: number): boolean {
  return Array.isArray(expect) ? expect.includes(status) : status >= expect.min && status <= expect.max;
}

/** "200–399", "200", "200 or 204", "200, 201 or 204". */
export function describeExpectedStatus(expect: ExpectStatus): string {
  if (!Array.isArray(expect))
    return expect.min === expect.max ? `${expect.min}` : `${expect.min}–${expect.max}`;
  if (expect.length === 1) return `${expect[0]}`;
  return `${expect.slice(0, -1).join(', ')} or ${expect[expect.length - 1]}`;
}

/** Follows a parsed path; `found` is false when a step has nothing to step into. */
export function evalJsonPath(root: unknown, steps: JsonPathStep[]): { found: boolean; value?: unknown } {
  let cur: unknown = root;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(cur) || step >= cur.length) return { found: false };
      cur = cur[step];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, step))
        return { found: false };
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: cur };
}

function show(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function checkJsonPath(def: NonNullable<ProbeDef['expectJsonPath']>, text: string, note: string): string[] {
  const steps = parseJsonPath(def.path);
  if (!steps) return [`${def.path} is not a JSON path this probe understands`];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [`the body is not JSON${note}, so ${def.path} cannot be checked`];
  }
  const { found, value } = evalJsonPath(doc, steps);
  if (!found) return [`${def.path} not found in the JSON body`];
  if (def.equals !== undefined && value !== def.equals)
    return [`${def.path} is ${show(value)}, expected ${show(def.equals)}`];
  return [];
}

/**
 * What a response failed to meet, in words; empty when it met everything. Body checks are
 * skipped when the status is already wrong: an error page missing the keyword says nothing new.
 */
export function checkExpectations(
  def: Pick<ProbeDef, 'expectStatus' | 'expectKeyword' | 'expectJsonPath'>,
  status: number,
  body: Buffer,
  truncated: boolean,
): string[] {
  if (!statusMatches(def.expectStatus, status))
    return [`status ${status}, expected ${describeExpectedStatus(def.expectStatus)}`];
  const failures: string[] = [];
  const text = body.toString('utf8');
  const note = truncated ? ` (only the first ${Math.round(body.length / 1024)} KB were read)` : '';
  if (def.expectKeyword !== undefined && !text.includes(def.expectKeyword))
    failures.push(`keyword ${JSON.stringify(def.expectKeyword)} not found in the body${note}`);
  if (def.expectJsonPath) failures.push(...checkJsonPath(def.expectJsonPath, text, note));
  return failures;
}

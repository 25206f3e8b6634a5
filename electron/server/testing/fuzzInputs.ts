import fc from 'fast-check';
import { z } from 'zod';
import type { MethodName } from '../../../shared/channels';
import { methods } from '../../../shared/contract';
import { edits, hostileText, jsonText, keyText, numberText, objectText, stringText } from './fuzzText';

/**
 * Hostile input for each contract method, driven by the method's zod schema: any JSON, the
 * schema's own keys with hostile values, and a valid example with one or two fields broken
 * (so validation lets the call further in and the handler itself meets the odd value).
 */

/** Where generated URLs may point: a closed port on this machine. */
export interface FuzzTarget {
  sinkUrl: string;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Unwraps optional, nullable, default and similar wrappers, and a pipe's input side. */
function inner(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 8; i++) {
    const def = defOf(s);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) break;
    s = next;
  }
  return s;
}

/** The keys of an object schema, each with its schema; null if it is not an object. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  const s = inner(schema);
  return s instanceof z.ZodObject ? s.shape : null;
}

/** Strings, including formats like z.url() that are not ZodString instances. */
const isString = (s: z.ZodType): boolean => s instanceof z.ZodString || defOf(s).type === 'string';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Values that exist in the test's engine (or will, once another method made them), by input
 * key: `local` is the one host, `fuzz-1` the name examples create things under.
 */
const KEY_HINTS: Record<string, readonly unknown[]> = {
  hostId: ['local'],
  hostIds: ['local'],
  check: ['largest-dirs', 'top-cpu'],
  path: ['/nonexistent-gb-fuzz', '$.status'],
  name: ['fuzz-1'],
  probeId: ['fuzz-1'],
  targetId: ['fuzz-1'],
  id: ['INC-1', 'commander'],
  stepId: ['top'],
  roleId: ['commander'],
  template: ['cpu-saturated'],
  signal: ['cpu'],
  fromSignal: ['cpu'],
  runId: [1],
  from: [1_700_000_000_000],
  to: [1_800_000_000_000],
  ts: [1_750_000_000_000],
};

/** A valid value for a schema (best effort: the first candidate that parses), or undefined. */
function example(schema: z.ZodType, key: string, target: FuzzTarget, depth: number): unknown {
  const s = inner(schema);
  // Checked against the field as declared: a pipe (z.url after a text check) refuses more than its input side.
  const first = (candidates: readonly unknown[]): unknown =>
    candidates.find((c) => schema.safeParse(c).success);
  const hints = KEY_HINTS[key] ?? [];
  if (isString(s))
    return first([
      ...hints,
      'local',
      'fuzz-1',
      target.sinkUrl,
      'a',
      `SHA256:${'A'.repeat(43)}`,
      'x'.repeat(16),
    ]);
  if (s instanceof z.ZodNumber) return first([...hints, 5000, 60, 1, 0, 1000, 1_750_000_000_000]);
  if (s instanceof z.ZodBoolean) return false;
  if (s instanceof z.ZodEnum) return (s.options as unknown[])[0];
  if (s instanceof z.ZodLiteral) return [...(s.values as Set<unknown>)][0];
  if (depth <= 0) return undefined;
  const shape = objectShape(s);
  if (shape) {
    const out: Record<string, unknown> = {};
    for (const [k, field] of Object.entries(shape)) {
      const v = example(field, k, target, depth - 1);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (s instanceof z.ZodArray) {
    const element = example(s.element as z.ZodType, key, target, depth - 1);
    return element === undefined ? [] : (first([[element], []]) ?? [element]);
  }
  if (s instanceof z.ZodRecord) return {};
  if (s instanceof z.ZodUnion) {
    for (const option of s.options as z.ZodType[]) {
      const v = example(option, key, target, depth - 1);
      if (v !== undefined && option.safeParse(v).success) return v;
    }
  }
  return undefined;
}

/** Plain numbers a field might accept, beside the hostile tokens. */
const PLAIN_NUMBERS = ['1', '2', '5', '50', '1000', '60000', '1700000000000'] as const;

/** A value of the field's own type built from hostile parts, or null for types it cannot build. */
function typedText(s: z.ZodType, depth: number): fc.Arbitrary<string> | null {
  if (isString(s))
    return fc.oneof({ weight: 1, arbitrary: fc.constant('"local"') }, { weight: 4, arbitrary: stringText });
  if (s instanceof z.ZodNumber) return fc.oneof(fc.constantFrom(...PLAIN_NUMBERS), numberText);
  if (s instanceof z.ZodBoolean) return fc.constantFrom('true', 'false');
  if (s instanceof z.ZodEnum) {
    const options = (s.options as unknown[]).map((o) => JSON.stringify(o));
    return options.length > 0 ? fc.constantFrom(...options) : null;
  }
  if (s instanceof z.ZodLiteral) {
    const values = [...(s.values as Set<unknown>)].map((v) => JSON.stringify(v) ?? 'null');
    return values.length > 0 ? fc.constantFrom(...values) : null;
  }
  if (depth <= 0) return null;
  if (objectShape(s)) return shapedText(s, depth - 1);
  if (s instanceof z.ZodArray) {
    const element = fieldText(s.element as z.ZodType, depth - 1);
    return fc.array(element, { maxLength: 3 }).map((items) => `[${items.join(',')}]`);
  }
  if (s instanceof z.ZodRecord)
    return fc
      .array(fc.tuple(keyText, fieldText(s.valueType as z.ZodType, depth - 1)), { maxLength: 3 })
      .map(objectText);
  if (s instanceof z.ZodUnion) {
    const options = (s.options as z.ZodType[]).map((o) => fieldText(o, depth - 1));
    return options.length > 0 ? fc.oneof(...options) : null;
  }
  return null;
}

/** A value for one field: mostly of the field's own type, sometimes any hostile JSON. */
function fieldText(schema: z.ZodType, depth: number): fc.Arbitrary<string> {
  const typed = typedText(inner(schema), depth);
  return typed
    ? fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: hostileText })
    : hostileText;
}

/** An object with some of the schema's own keys (hostile values) and maybe a few extra keys. */
function shapedText(schema: z.ZodType, depth: number): fc.Arbitrary<string> {
  const own = Object.entries(objectShape(schema) ?? {}).map(([key, field]) =>
    fc.option(
      fieldText(field, depth).map((v) => [JSON.stringify(key), v] as const),
      { nil: null, freq: 3 },
    ),
  );
  const extra = fc.array(fc.tuple(keyText, jsonText), { maxLength: 2 });
  return fc.tuple(fc.tuple(...own), extra, fc.boolean()).map(([ownEntries, extraEntries, extraFirst]) => {
    const present = ownEntries.filter((e) => e !== null);
    return objectText(extraFirst ? [...extraEntries, ...present] : [...present, ...extraEntries]);
  });
}

/** Not JSON: markers for "leave the example's value" and "leave the key out". */
const KEEP = '\u0000keep';
const DROP = '\u0000drop';

/** A broken version of one example value: edited, replaced, or dropped. */
function brokenValue(field: z.ZodType, ex: unknown, target: FuzzTarget, depth: number): fc.Arbitrary<string> {
  const options: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [
    { weight: 2, arbitrary: fieldText(field, depth) },
    { weight: 1, arbitrary: fc.constant(DROP) },
  ];
  if (typeof ex === 'string') options.push({ weight: 4, arbitrary: edits.map((e) => JSON.stringify(e(ex))) });
  if (typeof ex === 'number') options.push({ weight: 2, arbitrary: numberText });
  const s = inner(field);
  if (Array.isArray(ex) && typeof ex[0] === 'string') {
    const [head, ...rest] = ex as string[];
    options.push({ weight: 3, arbitrary: edits.map((e) => JSON.stringify([e(head ?? ''), ...rest])) });
  }
  if (depth > 0 && isRecord(ex))
    options.push({ weight: 3, arbitrary: brokenExample(field, ex, target, depth - 1) });
  if (depth > 0 && s instanceof z.ZodArray && Array.isArray(ex) && isRecord(ex[0])) {
    const element = brokenExample(s.element as z.ZodType, ex[0], target, depth - 1);
    options.push({ weight: 3, arbitrary: element.map((t) => `[${t}]`) });
  }
  return fc.oneof(...options);
}

/** The example with about one of its fields broken, and sometimes an extra key. */
function brokenExample(
  schema: z.ZodType,
  ex: unknown,
  target: FuzzTarget,
  depth: number,
): fc.Arbitrary<string> {
  const shape = objectShape(schema);
  if (!shape || !isRecord(ex)) return brokenValue(schema, ex, target, depth);
  const keys = Object.keys(shape);
  const perKey = keys.map((k) =>
    fc.oneof(
      { weight: Math.max(1, keys.length - 1), arbitrary: fc.constant(KEEP) },
      { weight: 1, arbitrary: brokenValue(shape[k] ?? z.unknown(), ex[k], target, depth) },
    ),
  );
  const extra = fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(keyText, jsonText) },
  );
  return fc.tuple(fc.tuple(...perKey), extra).map(([values, added]) => {
    const entries: (readonly [string, string])[] = [];
    keys.forEach((k, i) => {
      const v = values[i];
      if (v === KEEP) {
        if (k in ex) entries.push([JSON.stringify(k), JSON.stringify(ex[k])]);
      } else if (v !== DROP && v !== undefined) entries.push([JSON.stringify(k), v]);
    });
    if (added) entries.push(added);
    return objectText(entries);
  });
}

/** The valid example the fuzz breaks for a method (best effort; see `exampleIsValid`). */
export function exampleInput(method: MethodName, target: FuzzTarget): unknown {
  return example(methods[method].input, '', target, 5) ?? {};
}

export function exampleIsValid(method: MethodName, target: FuzzTarget): boolean {
  return methods[method].input.safeParse(exampleInput(method, target)).success;
}

/**
 * The `input` of one call as JSON text, or null to omit it (an empty HTTP body, a frame
 * without `input`).
 */
export function methodInputText(method: MethodName, target: FuzzTarget): fc.Arbitrary<string | null> {
  const schema: z.ZodType = methods[method].input;
  const ex = exampleInput(method, target);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: jsonText },
    { weight: 3, arbitrary: shapedText(schema, 2) },
    { weight: 1, arbitrary: fc.constant(JSON.stringify(ex)) },
    { weight: 6, arbitrary: brokenExample(schema, ex, target, 3).map((t) => (t === DROP ? null : t)) },
  );
}

/** A URL that a valid input could make the engine fetch or connect to. */
const NETWORK_URL = /^\s*[a-z][a-z0-9+.-]*:\/\//i;

/** The first URL in a value that points off this machine (or cannot be read), if any. */
function offMachineUrl(v: unknown, depth = 0): string | null {
  if (typeof v === 'string') {
    if (!NETWORK_URL.test(v)) return null;
    try {
      return new URL(v.trim()).hostname === '127.0.0.1' ? null : v;
    } catch {
      return v;
    }
  }
  if (depth > 50 || typeof v !== 'object' || v === null) return null;
  for (const item of Array.isArray(v) ? v : Object.values(v)) {
    const found = offMachineUrl(item, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Why a generated input must not be sent, or null when it is safe. Input the schema refuses is
 * always safe. Valid input must not reach another machine (every URL in it is 127.0.0.1; SSH
 * hosts are made safe by the test's collector, which connects to a closed local port), start
 * a load test, or run a saved command or the audit script here.
 */
export function unsafeReason(method: MethodName, text: string | null): string | null {
  // As dispatch does: a missing or null input counts as {}.
  const value: unknown = text === null ? null : JSON.parse(text);
  const parsed = (methods[method].input as z.ZodType).safeParse(value ?? {});
  if (!parsed.success) return null;
  if (method === 'loadtests:start') return 'would start a load test';
  const url = offMachineUrl(parsed.data);
  if (url !== null) return `would reach ${url.slice(0, 80)}`;
  const data = parsed.data as Record<string, unknown>;
  if (method === 'diag:run' && data.confirmed === true) return 'would run a saved command on this machine';
  if (method === 'audit:run' && data.hostId === 'local') return 'would run the audit script on this machine';
  return null;
}

import type { MetricName } from '../../../shared/metrics';

/**
 * Packed storage of one host's values: each value is rounded to its metric's quantum and
 * written as a zigzag varint, so a percentage takes 2 bytes, a byte count in KiB 3–5, and a
 * constant 0 one. The quantum of each series is kept in the row's layout, so a file stays
 * readable if a later version changes it.
 */

/** Multiplier applied before rounding: the stored integer is round(value × scale). */
const SCALE_BY_UNIT: Record<string, number> = {
  '%': 100, // 0.01 %
  B: 1 / 1024, // 1 KiB
  'B/s': 1, // 1 B/s
  '/s': 100, // 0.01 events/s: a rule may clear at 0.5 errors/s
  s: 1, // 1 s
  ms: 10, // 0.1 ms
};

const SCALE_BY_METRIC: Partial<Record<MetricName, number>> = {
  'load.1': 100,
  'load.5': 100,
  'load.15': 100,
  'cpu.cores': 1,
  'host.process_count': 1,
};

export function scaleFor(metric: MetricName, unit: string): number {
  return SCALE_BY_METRIC[metric] ?? SCALE_BY_UNIT[unit] ?? 1000;
}

export function quantise(value: number, scale: number): number {
  return Math.round(value * scale);
}

export function dequantise(q: number, scale: number): number {
  return q / scale;
}

/** Grows as needed; one per store so writing a row allocates only its final copy. */
export class VarintWriter {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  reset(): this {
    this.pos = 0;
    return this;
  }

  /** Writes a signed integer (|n| < 2^52) as a zigzag varint. */
  int(n: number): this {
    this.uint(n >= 0 ? n * 2 : -n * 2 - 1);
    return this;
  }

  /** Writes a non-negative integer (< 2^53) as a varint. */
  uint(z: number): this {
    if (this.pos + 10 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    while (z >= 128) {
      this.buf[this.pos++] = (z % 128) | 128;
      z = Math.floor(z / 128);
    }
    this.buf[this.pos++] = z;
    return this;
  }

  /** A copy of what was written (SQLite keeps the bytes, the writer is reused). */
  take(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

/** Reads what VarintWriter wrote. Throws on a truncated buffer rather than inventing values. */
export class VarintReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  uint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('packed values are truncated');
      const b = this.buf[this.pos++] as number;
      result += (b & 127) * mul;
      if (b < 128) return result;
      mul *= 128;
    }
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }
}

/** Quantised integers of one raw row, in layout order. */
export function encodeRaw(w: VarintWriter, q: readonly number[]): Buffer {
  w.reset();
  for (const v of q) w.int(v);
  return w.take();
}

/** The first `count` quantised integers of a raw row (a caller may need only a prefix). */
export function decodeRaw(blob: Uint8Array, count: number): number[] {
  const r = new VarintReader(blob);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = r.int();
  return out;
}

/** Per series of a rollup bucket, in quantised integers. `n` is the bucket's row count. */
export interface Agg {
  min: number;
  max: number;
  sum: number;
}

/** min, then max − min and sum − n·min: both non-negative and small, so the varints stay short. */
export function encodeRollup(w: VarintWriter, n: number, aggs: readonly Agg[]): Buffer {
  w.reset();
  for (const a of aggs) {
    w.int(a.min);
    w.uint(a.max - a.min);
    w.uint(a.sum - n * a.min);
  }
  return w.take();
}

export function decodeRollup(blob: Uint8Array, n: number, count: number): Agg[] {
  const r = new VarintReader(blob);
  const out = new Array<Agg>(count);
  for (let i = 0; i < count; i++) {
    const min = r.int();
    const max = min + r.uint();
    out[i] = { min, max, sum: r.uint() + n * min };
  }
  return out;
}

/**
 * decodeRollup without allocating: writes min, max, sum of series i at out[3i], out[3i+1],
 * out[3i+2] (a raw row fills all three with its value). For reads over thousands of rows.
 */
export function decodeInto(
  blob: Uint8Array,
  rollup: boolean,
  n: number,
  count: number,
  out: Float64Array,
): void {
  const r = new VarintReader(blob);
  for (let i = 0; i < count; i++) {
    const min = r.int();
    if (!rollup) {
      out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = min;
      continue;
    }
    out[3 * i] = min;
    out[3 * i + 1] = min + r.uint();
    out[3 * i + 2] = r.uint() + n * min;
  }
}

/** The columns a stored row must have to be decoded (SQLite lets a crafted file hold anything). */
export function readable(row: { ts: unknown; n: unknown; vals: unknown }): boolean {
  return (
    Number.isFinite(row.ts) &&
    Number.isInteger(row.n) &&
    (row.n as number) > 0 &&
    row.vals instanceof Uint8Array
  );
}

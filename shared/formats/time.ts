/** Parsing of the time representations the formats use, into nanoseconds. */

const DIGITS = /^\d+$/;
const SIGNED_DIGITS = /^-?\d+$/;

/** A Long from protobufjs (or any {low, high} pair of 32-bit halves). */
interface LongLike {
  low: number;
  high: number;
}

function isLongLike(v: unknown): v is LongLike {
  return typeof v === 'object' && v !== null && typeof (v as LongLike).low === 'number' && typeof (v as LongLike).high === 'number';
}

/**
 * Nanoseconds from an OTLP field: a decimal string (protojson), a number
 * (some exporters; precise only below 2^53), or a protobufjs Long.
 * Returns null when the value is not a non-negative integer. 0 is a valid time.
 */
export function parseNanos(v: unknown): bigint | null {
  if (typeof v === 'string') return DIGITS.test(v) ? BigInt(v) : null;
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? BigInt(Math.round(v)) : null;
  if (typeof v === 'bigint') return v >= 0n ? v : null;
  if (isLongLike(v)) return (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return null;
}

/** Microseconds (Jaeger, Zipkin) as a number or a decimal string, to nanoseconds. */
export function parseMicrosAsNanos(v: unknown): bigint | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return null;
    // Microsecond epoch times (~1.7e15) are exact doubles; fractions are kept to the nanosecond.
    return Number.isInteger(v) ? BigInt(v) * 1000n : BigInt(Math.round(v * 1000));
  }
  if (typeof v === 'string') return DIGITS.test(v) ? BigInt(v) * 1000n : null;
  return null;
}

/** A 64-bit integer that may exceed 2^53: kept as a bigint only when it must be. */
export function int64Value(v: unknown): number | bigint | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (typeof v === 'string') {
    if (!SIGNED_DIGITS.test(v)) return null;
    // Up to 15 characters is at most 15 digits: always a safe integer, no bigint needed.
    if (v.length <= 15) return Number(v);
    const big = BigInt(v);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if (isLongLike(v)) {
    const unsigned = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
    const signed = BigInt.asIntN(64, unsigned);
    return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(signed) : signed;
  }
  return null;
}

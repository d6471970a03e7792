/**
 * Minimal column builders that produce Arrow data directly from typed
 * arrays. Building vectors by hand (instead of arrow's generic builders or
 * tableFromJSON) is what makes ingest fast; repeated strings are
 * dictionary-encoded, which DuckDB reads without copying each value.
 */
import * as arrow from 'apache-arrow';

const encoder = new TextEncoder();

/** Bit-packed validity: a row is null until it is marked valid, so runs of nulls cost nothing. */
class Validity {
  private bits = new Uint8Array(64);
  nullCount = 0;

  set(i: number, valid: boolean): void {
    if (i >> 3 >= this.bits.length) this.bits = grow(this.bits, Math.max(this.bits.length * 2, (i >> 3) + 1));
    if (valid) this.bits[i >> 3]! |= 1 << (i & 7);
    else this.nullCount++;
  }

  /** Rows [from, to) are null. */
  skip(from: number, to: number): void {
    if (to > from) this.nullCount += to - from;
  }

  take(length: number): Uint8Array | undefined {
    if (this.nullCount === 0) return undefined;
    const bytes = (length + 7) >> 3;
    // Trailing nulls were never written: the bitmap may be shorter than the column.
    if (bytes > this.bits.length) this.bits = grow(this.bits, bytes);
    return this.bits.subarray(0, bytes);
  }
}

export interface ColumnBuilder {
  readonly length: number;
  /** Appends nulls until the column has `length` rows (sparse columns fill only the rows that have a value). */
  padTo(length: number): void;
  finish(): arrow.Data;
}

/** UTF-8 strings, for values that rarely repeat (ids, query texts). */
export class Utf8Column implements ColumnBuilder {
  private offsets = new Int32Array(1024);
  private bytes = new Uint8Array(16384);
  private readonly validity = new Validity();
  length = 0;

  push(value: string | null): void {
    const i = this.length++;
    if (i + 1 >= this.offsets.length) this.offsets = grow(this.offsets, this.offsets.length * 2);
    const start = this.offsets[i]!;
    this.validity.set(i, value !== null);
    if (value === null || value.length === 0) {
      this.offsets[i + 1] = start;
      return;
    }
    const n = value.length;
    const maxBytes = n * 3;
    if (start + maxBytes > this.bytes.length) this.bytes = grow(this.bytes, Math.max(this.bytes.length * 2, start + maxBytes));
    this.offsets[i + 1] =
      start +
      (n <= ASCII_LOOP_LIMIT ? writeShort(value, this.bytes, start) : encoder.encodeInto(value, this.bytes.subarray(start)).written);
  }

  padTo(length: number): void {
    if (length <= this.length) return;
    if (length + 1 > this.offsets.length) this.offsets = grow(this.offsets, Math.max(this.offsets.length * 2, length + 1));
    this.offsets.fill(this.offsets[this.length]!, this.length + 1, length + 1);
    this.validity.skip(this.length, length);
    this.length = length;
  }

  finish(): arrow.Data<arrow.Utf8> {
    return arrow.makeData({
      type: new arrow.Utf8(),
      length: this.length,
      nullCount: this.validity.nullCount,
      nullBitmap: this.validity.take(this.length),
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      data: this.bytes.subarray(0, this.offsets[this.length]),
    });
  }
}

/**
 * Ids and short names are ASCII: copying their char codes beats encodeInto's
 * per-call cost (ingest writes three ids per span). Longer values, and any
 * non-ASCII character, go through the encoder.
 */
const ASCII_LOOP_LIMIT = 64;
function writeShort(value: string, bytes: Uint8Array, start: number): number {
  const n = value.length;
  for (let j = 0; j < n; j++) {
    const c = value.charCodeAt(j);
    if (c > 0x7f) return encoder.encodeInto(value, bytes.subarray(start)).written;
    bytes[start + j] = c;
  }
  return n;
}

let nextDictionaryId = 0;

/** Dictionary-encoded strings, for values that repeat (service, operation, kind, attribute keys). */
export class DictColumn implements ColumnBuilder {
  private indices = new Int32Array(1024);
  private readonly codes = new Map<string, number>();
  private readonly dictionary = new Utf8Column();
  private readonly validity = new Validity();
  length = 0;

  push(value: string | null): void {
    const i = this.length++;
    if (i >= this.indices.length) this.indices = grow(this.indices, this.indices.length * 2);
    this.validity.set(i, value !== null);
    if (value === null) return;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.codes.size;
      this.codes.set(value, code);
      this.dictionary.push(value);
    }
    this.indices[i] = code;
  }

  padTo(length: number): void {
    if (length <= this.length) return;
    if (length > this.indices.length) this.indices = grow(this.indices, Math.max(this.indices.length * 2, length));
    this.validity.skip(this.length, length);
    this.length = length;
  }

  finish(): arrow.Data {
    // Every dictionary in one Arrow schema needs its own id.
    const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32(), nextDictionaryId++);
    return arrow.makeData({
      type,
      length: this.length,
      nullCount: this.validity.nullCount,
      nullBitmap: this.validity.take(this.length),
      data: this.indices.subarray(0, this.length),
      dictionary: arrow.makeVector(this.dictionary.finish()),
    });
  }
}

/**
 * The same value in every row (the dataset, the file id): nothing is stored
 * per row, the column is only padded to the batch's length before finishing.
 */
export class ConstantColumn implements ColumnBuilder {
  length = 0;

  constructor(private readonly value: string | number) {}

  padTo(length: number): void {
    if (length > this.length) this.length = length;
  }

  finish(): arrow.Data {
    if (typeof this.value === 'number') {
      return arrow.makeData({
        type: new arrow.Int32(),
        length: this.length,
        nullCount: 0,
        data: new Int32Array(this.length).fill(this.value),
      });
    }
    const dictionary = new Utf8Column();
    dictionary.push(this.value);
    return arrow.makeData({
      type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32(), nextDictionaryId++),
      length: this.length,
      nullCount: 0,
      data: new Int32Array(this.length),
      dictionary: arrow.makeVector(dictionary.finish()),
    });
  }
}

type FixedWidthArray = BigInt64Array | Int32Array | Float64Array;

/** Numbers in a typed array, with nulls: one class for every fixed-width Arrow type used here. */
class FixedWidthColumn<T extends arrow.Int64 | arrow.Int32 | arrow.Float64, V extends bigint | number> implements ColumnBuilder {
  private values: FixedWidthArray;
  private readonly validity = new Validity();
  length = 0;

  constructor(
    private readonly type: T,
    Values: new (n: number) => FixedWidthArray,
  ) {
    this.values = new Values(1024);
  }

  push(value: V | null): void {
    const i = this.length++;
    if (i >= this.values.length) this.values = grow(this.values, this.values.length * 2);
    this.validity.set(i, value !== null);
    if (value !== null) this.values[i] = value;
  }

  padTo(length: number): void {
    if (length <= this.length) return;
    if (length > this.values.length) this.values = grow(this.values, Math.max(this.values.length * 2, length));
    this.validity.skip(this.length, length);
    this.length = length;
  }

  finish(): arrow.Data<T> {
    // makeData's overloads are per concrete type; this one class serves three of them.
    const props = {
      type: this.type as arrow.Int32,
      length: this.length,
      nullCount: this.validity.nullCount,
      nullBitmap: this.validity.take(this.length),
      data: this.values.subarray(0, this.length) as Int32Array,
    };
    return arrow.makeData(props) as unknown as arrow.Data<T>;
  }
}

export class Int64Column extends FixedWidthColumn<arrow.Int64, bigint> {
  constructor() {
    super(new arrow.Int64(), BigInt64Array);
  }
}

export class Int32Column extends FixedWidthColumn<arrow.Int32, number> {
  constructor() {
    super(new arrow.Int32(), Int32Array);
  }
}

export class Float64Column extends FixedWidthColumn<arrow.Float64, number> {
  constructor() {
    super(new arrow.Float64(), Float64Array);
  }
}

export class BoolColumn implements ColumnBuilder {
  private readonly bits = new Validity();
  length = 0;

  push(value: boolean): void {
    this.bits.set(this.length++, value);
  }

  padTo(length: number): void {
    // Not nullable: padding rows are false.
    while (this.length < length) this.push(false);
  }

  finish(): arrow.Data<arrow.Bool> {
    // Booleans are bit-packed like a validity bitmap; a false is not a null here.
    const data = this.bits.take(this.length) ?? new Uint8Array((this.length + 7) >> 3).fill(0xff);
    return arrow.makeData({ type: new arrow.Bool(), length: this.length, nullCount: 0, data });
  }
}

type Growable = Int32Array | Uint8Array | BigInt64Array | Float64Array;
function grow<T extends Growable>(array: T, size: number): T {
  const out = new (array.constructor as new (n: number) => T)(size);
  out.set(array as never);
  return out;
}

/** Serialises columns as an Arrow IPC stream, the form DuckDB-wasm inserts. */
export function toIpc(columns: Record<string, ColumnBuilder>): Uint8Array {
  const vectors: Record<string, arrow.Vector> = {};
  for (const [name, column] of Object.entries(columns)) vectors[name] = arrow.makeVector(column.finish());
  return arrow.tableToIPC(new arrow.Table(vectors), 'stream');
}

/**
 * Splits a stream of JSON text into records small enough to JSON.parse one
 * at a time, so that a multi-gigabyte trace dump never becomes one string
 * (V8 strings stop near 512 MB).
 *
 * Only the outer containers of the known trace formats are walked; every
 * value inside them is handed out whole as a record:
 *
 *   [ {...}, {...} ]                      records at "[]"          (Zipkin spans, arrays of requests or traces)
 *   {"resourceSpans": [ {...}, ... ]}     records at "resourceSpans[]"
 *   {"result": {"resourceSpans": [...]}}  records at "result.resourceSpans[]"   (Jaeger v2 API)
 *   {"data": [ {trace}, ... ]}            records at "data[]"      (Jaeger v1 API / UI download)
 *   {"data": {"spans": [...], ...}}       records at "data.spans[]" plus "data.processes"
 *   {"spans": [...], "processes": {...}}  records at "spans[]" plus "processes"
 *
 * Any other member of an object that is walked is handed out whole too, as an
 * "envelope" record named by its key path ("processes", "total", ...).
 * Several top-level values in a row (JSON lines, or concatenated JSON) are
 * walked one after the other; `document` numbers them.
 *
 * JSON lines take a faster road: a line that parses as a whole is walked as
 * a parsed value (same paths), which spares the character scan. A line that
 * does not parse alone (pretty-printed JSON, or a corrupt line) or that is
 * longer than LINE_LIMIT is scanned as above, so errors point at the same
 * places and memory stays bounded.
 */
export interface JsonRecord {
  path: string;
  /** Index of the top-level value the record belongs to (a line in JSON lines). */
  document: number;
  /** The record's JSON text; empty when `value` is given. */
  text: string;
  /** The record already parsed (whole-line road), or undefined: parse `text`. */
  value?: unknown;
  /** Character offset of the record's first character in the whole stream. */
  charOffset: number;
}

/** Longest line worth waiting for to parse whole; longer documents are streamed. */
const LINE_LIMIT = 64 * 1024 * 1024;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly charOffset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Arrays whose elements are records. */
const SPLIT_KEYS = new Set(['resourceSpans', 'data', 'spans']);
/** Objects that are walked into rather than handed out whole. */
const DESCEND_KEYS = new Set(['result', 'data']);
/** Walking deeper than this never helps: the known formats nest their span arrays at most two levels down. */
const MAX_WALK_DEPTH = 2;

interface Frame {
  kind: 'object' | 'array';
  /** Key path of this container ("" for the top level). */
  path: string;
  /** Object frames: what is expected next. */
  expect: 'key-or-end' | 'colon' | 'value' | 'comma-or-end';
  key: string;
}

const WS = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

export class JsonRecordSplitter {
  private buf = '';
  /** Absolute character offset of buf[0]. */
  private bufOffset = 0;
  private pos = 0;
  private readonly frames: Frame[] = [];
  private documents = 0;
  // State of the record being skipped over (start >= 0 while inside one).
  private recordStart = -1;
  private recordPath = '';
  private recordDepth = 0;
  private recordInString = false;
  private recordIsScalar = false;

  constructor(private readonly onRecord: (record: JsonRecord) => void) {}

  /** Number of top-level values seen so far (more than one: JSON lines). */
  get documentCount(): number {
    return this.documents;
  }

  /** Absolute character offset up to which every record has been handed out. */
  get settledOffset(): number {
    return this.bufOffset + (this.recordStart >= 0 ? this.recordStart : this.pos);
  }

  push(text: string): void {
    const keep = this.recordStart >= 0 ? this.recordStart : this.pos;
    this.buf = keep >= this.buf.length ? text : this.buf.slice(keep) + text;
    this.bufOffset += keep;
    this.pos -= keep;
    if (this.recordStart >= 0) this.recordStart = 0;
    this.run(false);
  }

  /** Signals the end of the stream; throws when it ends inside a value. */
  end(): void {
    this.run(true);
    if (this.recordStart >= 0 || this.frames.length > 0) {
      throw new JsonSyntaxError('the content ends in the middle of a JSON value (truncated file?)', this.settledOffset);
    }
  }

  private fail(message: string, at: number): never {
    throw new JsonSyntaxError(message, this.bufOffset + at);
  }

  private run(atEnd: boolean): void {
    const s = this.buf;
    for (;;) {
      if (this.recordStart >= 0) {
        if (!this.continueRecord(atEnd)) return;
        continue;
      }
      while (this.pos < s.length && WS(s.charCodeAt(this.pos))) this.pos++;
      if (this.pos >= s.length) return;
      const c = s.charCodeAt(this.pos);
      const frame = this.frames[this.frames.length - 1];
      if (!frame) {
        const line = this.wholeLine(atEnd);
        if (line === 'wait') return;
        if (line === 'scan') this.startDocument(c);
        continue;
      }
      if (frame.kind === 'array') {
        if (!this.stepArray(frame, c)) return;
      } else if (!this.stepObject(frame, c, atEnd)) return;
    }
  }

  /**
   * At the start of a top-level value: parses the rest of the line as a whole
   * when it is a complete JSON value ('done'); asks for more input while the
   * line is incomplete and short ('wait'); otherwise leaves it to the scan.
   */
  private wholeLine(atEnd: boolean): 'done' | 'wait' | 'scan' {
    const start = this.pos;
    let end = this.buf.indexOf('\n', start);
    if (end < 0) {
      if (!atEnd && this.buf.length - start < LINE_LIMIT) return 'wait';
      if (!atEnd) return 'scan';
      end = this.buf.length;
    }
    let value: unknown;
    try {
      value = JSON.parse(this.buf.slice(start, end));
    } catch {
      return 'scan';
    }
    if (typeof value !== 'object' || value === null) return 'scan';
    const document = this.documents++;
    const charOffset = this.bufOffset + start;
    walkParsed(value, '', 1, (path, v) => this.onRecord({ path, document, text: '', value: v, charOffset }));
    this.pos = end;
    return 'done';
  }

  private startDocument(c: number): void {
    if (c === 123 /* { */) {
      this.frames.push({ kind: 'object', path: '', expect: 'key-or-end', key: '' });
    } else if (c === 91 /* [ */) {
      this.frames.push({ kind: 'array', path: '', expect: 'value', key: '' });
    } else {
      this.fail(`expected a JSON object or array but found ${describeChar(c)}`, this.pos);
    }
    this.documents++;
    this.pos++;
  }

  /** Returns false when more input is needed. */
  private stepArray(frame: Frame, c: number): boolean {
    if (c === 93 /* ] */) {
      this.frames.pop();
      this.pos++;
      frame.expect = 'comma-or-end';
      this.afterValue();
      return true;
    }
    if (frame.expect === 'comma-or-end') {
      if (c !== 44 /* , */) this.fail(`expected ',' or ']' but found ${describeChar(c)}`, this.pos);
      frame.expect = 'value';
      this.pos++;
      return true;
    }
    this.beginRecord(`${frame.path}[]`, this.pos);
    frame.expect = 'comma-or-end';
    return true;
  }

  /** Returns false when more input is needed. */
  private stepObject(frame: Frame, c: number, atEnd: boolean): boolean {
    switch (frame.expect) {
      case 'key-or-end':
      case 'comma-or-end': {
        if (c === 125 /* } */) {
          this.frames.pop();
          this.pos++;
          this.afterValue();
          return true;
        }
        if (frame.expect === 'comma-or-end') {
          if (c !== 44) this.fail(`expected ',' or '}' but found ${describeChar(c)}`, this.pos);
          frame.expect = 'key-or-end';
          this.pos++;
          return true;
        }
        if (c !== 34 /* " */) this.fail(`expected a key but found ${describeChar(c)}`, this.pos);
        const close = findStringEnd(this.buf, this.pos + 1);
        if (close < 0) {
          if (atEnd) this.fail('the content ends inside a key (truncated file?)', this.pos);
          return false;
        }
        frame.key = JSON.parse(this.buf.slice(this.pos, close + 1)) as string;
        frame.expect = 'colon';
        this.pos = close + 1;
        return true;
      }
      case 'colon':
        if (c !== 58 /* : */) this.fail(`expected ':' but found ${describeChar(c)}`, this.pos);
        frame.expect = 'value';
        this.pos++;
        return true;
      case 'value': {
        const path = frame.path ? `${frame.path}.${frame.key}` : frame.key;
        const depth = this.frames.length;
        frame.expect = 'comma-or-end';
        if (c === 91 && SPLIT_KEYS.has(frame.key) && depth <= MAX_WALK_DEPTH) {
          this.frames.push({ kind: 'array', path, expect: 'value', key: '' });
          this.pos++;
        } else if (c === 123 && DESCEND_KEYS.has(frame.key) && depth < MAX_WALK_DEPTH) {
          this.frames.push({ kind: 'object', path, expect: 'key-or-end', key: '' });
          this.pos++;
        } else {
          this.beginRecord(path, this.pos);
        }
        return true;
      }
    }
  }

  /** A container closed: the parent frame now expects a comma or its end. */
  private afterValue(): void {
    const parent = this.frames[this.frames.length - 1];
    if (parent) parent.expect = 'comma-or-end';
  }

  private beginRecord(path: string, at: number): void {
    const c = this.buf.charCodeAt(at);
    this.recordStart = at;
    this.recordPath = path;
    this.recordDepth = 0;
    this.recordInString = false;
    this.recordIsScalar = c !== 123 && c !== 91 && c !== 34;
    if (c === 125 || c === 93 || c === 44 || c === 58) this.fail(`expected a value but found ${describeChar(c)}`, at);
  }

  /**
   * Skips over the record's text. Strings are jumped over with indexOf, which
   * is where nearly all of a trace file's characters are. Returns false when
   * more input is needed.
   */
  private continueRecord(atEnd: boolean): boolean {
    const s = this.buf;
    const n = s.length;
    let i = this.pos;
    if (this.recordIsScalar) {
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === 44 || c === 125 || c === 93 || WS(c)) break;
        i++;
      }
      if (i >= n && !atEnd) {
        this.pos = i;
        return false;
      }
      this.emitRecord(i);
      return true;
    }
    if (i === this.recordStart) {
      // Opening character: a bracket opens depth 1; a quote starts a string value.
      if (s.charCodeAt(i) === 34) this.recordInString = true;
      else this.recordDepth = 1;
      i++;
    }
    let depth = this.recordDepth;
    while (i < n) {
      if (this.recordInString) {
        const close = findStringEnd(s, i);
        if (close < 0) {
          // Resume just before any trailing backslashes so an escape split across chunks is seen whole.
          let back = n;
          while (back > i && s.charCodeAt(back - 1) === 92) back--;
          this.pos = back;
          this.recordDepth = depth;
          return false;
        }
        i = close + 1;
        this.recordInString = false;
        if (depth === 0) {
          this.emitRecord(i);
          return true;
        }
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 34) this.recordInString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          this.emitRecord(i + 1);
          return true;
        }
      }
      i++;
    }
    this.pos = i;
    this.recordDepth = depth;
    return false;
  }

  private emitRecord(end: number): void {
    const start = this.recordStart;
    this.recordStart = -1;
    this.pos = end;
    this.onRecord({
      path: this.recordPath,
      document: this.documents - 1,
      text: this.buf.slice(start, end),
      charOffset: this.bufOffset + start,
    });
  }
}

/** The same walk as the scan, over a value already parsed. `depth` counts containers walked so far. */
function walkParsed(value: object, path: string, depth: number, emit: (path: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const element of value) emit(`${path}[]`, element);
    return;
  }
  for (const [key, member] of Object.entries(value)) {
    const memberPath = path ? `${path}.${key}` : key;
    if (Array.isArray(member) && SPLIT_KEYS.has(key) && depth <= MAX_WALK_DEPTH) walkParsed(member, memberPath, depth + 1, emit);
    else if (isPlainObject(member) && DESCEND_KEYS.has(key) && depth < MAX_WALK_DEPTH) walkParsed(member, memberPath, depth + 1, emit);
    else emit(memberPath, member);
  }
}

function isPlainObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Index of the quote closing a string whose body starts at `from`, or -1 if not in `s`. */
function findStringEnd(s: string, from: number): number {
  let i = from;
  for (;;) {
    const q = s.indexOf('"', i);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let b = q - 1; b >= from && s.charCodeAt(b) === 92; b--) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q + 1;
  }
}

function describeChar(c: number): string {
  if (c >= 32 && c < 127) return `'${String.fromCharCode(c)}'`;
  return `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

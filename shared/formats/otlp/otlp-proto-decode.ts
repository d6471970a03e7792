/**
 * Decoders for the OTLP trace messages (opentelemetry/proto trace/v1,
 * common/v1, resource/v1), written against protobufjs's Reader the way
 * protobufjs's static code generator writes them. Hand-written rather than
 * reflection-built because reflection compiles decoders with Function(),
 * which a strict Content-Security-Policy (no 'unsafe-eval') forbids.
 *
 * They produce plain objects with the protojson field names and only the
 * fields present in the bytes, so otlp-spans.ts reads JSON and protobuf alike.
 */
import Long from 'long';
import protobuf from 'protobufjs/minimal.js';

type Reader = protobuf.Reader;
type Message = Record<string, unknown>;
type Decode = (reader: Reader, end: number) => Message;

// protobufjs finds Long itself only where require() works; in a browser build it would fall back
// to doubles, and epoch nanoseconds (~1.7e18) do not fit a double exactly.
protobuf.util.Long = Long;
protobuf.configure();
const { Reader } = protobuf;

/** Reads one message's fields until `end`; `field` handles a tag and returns false for unknown fields. */
function decodeFields(reader: Reader, end: number, field: (message: Message, id: number, wireType: number) => boolean): Message {
  const message: Message = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (!field(message, tag >>> 3, tag & 7)) reader.skipType(tag & 7);
  }
  if (reader.pos !== end) throw new Error(`message overruns its length by ${reader.pos - end} bytes`);
  return message;
}

function nested(reader: Reader, decode: Decode): Message {
  const length = reader.uint32();
  return decode(reader, reader.pos + length);
}

function pushTo(message: Message, key: string, value: unknown): void {
  const list = message[key] as unknown[] | undefined;
  if (list) list.push(value);
  else message[key] = [value];
}

const LEN = 2;

const anyValue: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) m.stringValue = r.string();
    else if (id === 2 && wt === 0) m.boolValue = r.bool();
    else if (id === 3 && wt === 0) m.intValue = r.int64();
    else if (id === 4 && wt === 1) m.doubleValue = r.double();
    else if (id === 5 && wt === LEN) m.arrayValue = nested(r, arrayValue);
    else if (id === 6 && wt === LEN) m.kvlistValue = nested(r, keyValueList);
    else if (id === 7 && wt === LEN) m.bytesValue = r.bytes();
    else return false;
    return true;
  });

const keyValue: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) m.key = r.string();
    else if (id === 2 && wt === LEN) m.value = nested(r, anyValue);
    else return false;
    return true;
  });

const arrayValue: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) pushTo(m, 'values', nested(r, anyValue));
    else return false;
    return true;
  });

const keyValueList: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) pushTo(m, 'values', nested(r, keyValue));
    else return false;
    return true;
  });

/** Resource and InstrumentationScope share their first fields: attributes (1) for resources; name (1), version (2), attributes (3) for scopes. */
const resource: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) pushTo(m, 'attributes', nested(r, keyValue));
    else return false;
    return true;
  });

const scope: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) m.name = r.string();
    else if (id === 2 && wt === LEN) m.version = r.string();
    else if (id === 3 && wt === LEN) pushTo(m, 'attributes', nested(r, keyValue));
    else return false;
    return true;
  });

const status: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 2 && wt === LEN) m.message = r.string();
    else if (id === 3 && wt === 0) m.code = r.int32();
    else return false;
    return true;
  });

const event: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === 1) m.timeUnixNano = r.fixed64();
    else if (id === 2 && wt === LEN) m.name = r.string();
    else if (id === 3 && wt === LEN) pushTo(m, 'attributes', nested(r, keyValue));
    else return false;
    return true;
  });

const link: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) m.traceId = r.bytes();
    else if (id === 2 && wt === LEN) m.spanId = r.bytes();
    else if (id === 3 && wt === LEN) m.traceState = r.string();
    else if (id === 4 && wt === LEN) pushTo(m, 'attributes', nested(r, keyValue));
    else return false;
    return true;
  });

const span: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) m.traceId = r.bytes();
    else if (id === 2 && wt === LEN) m.spanId = r.bytes();
    else if (id === 3 && wt === LEN) m.traceState = r.string();
    else if (id === 4 && wt === LEN) m.parentSpanId = r.bytes();
    else if (id === 5 && wt === LEN) m.name = r.string();
    else if (id === 6 && wt === 0) m.kind = r.int32();
    else if (id === 7 && wt === 1) m.startTimeUnixNano = r.fixed64();
    else if (id === 8 && wt === 1) m.endTimeUnixNano = r.fixed64();
    else if (id === 9 && wt === LEN) pushTo(m, 'attributes', nested(r, keyValue));
    else if (id === 11 && wt === LEN) pushTo(m, 'events', nested(r, event));
    else if (id === 13 && wt === LEN) pushTo(m, 'links', nested(r, link));
    else if (id === 15 && wt === LEN) m.status = nested(r, status);
    else return false;
    return true;
  });

const scopeSpans: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) m.scope = nested(r, scope);
    else if (id === 2 && wt === LEN) pushTo(m, 'spans', nested(r, span));
    else return false;
    return true;
  });

const resourceSpans: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) m.resource = nested(r, resource);
    // 1000: instrumentation_library_spans, the pre-1.0 name old exporters still write.
    else if ((id === 2 || id === 1000) && wt === LEN) pushTo(m, 'scopeSpans', nested(r, scopeSpans));
    else return false;
    return true;
  });

const exportRequest: Decode = (r, end) =>
  decodeFields(r, end, (m, id, wt) => {
    if (id === 1 && wt === LEN) pushTo(m, 'resourceSpans', nested(r, resourceSpans));
    else return false;
    return true;
  });

export function decodeResourceSpans(bytes: Uint8Array): Message {
  const reader = Reader.create(bytes);
  return resourceSpans(reader, bytes.length);
}

export function decodeExportTraceServiceRequest(bytes: Uint8Array): Message {
  const reader = Reader.create(bytes);
  return exportRequest(reader, bytes.length);
}

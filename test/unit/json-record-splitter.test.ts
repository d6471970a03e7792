import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonRecordSplitter, JsonSyntaxError, type JsonRecord } from '../../shared/io/json-record-splitter.js';

function split(text: string, chunkSize = text.length || 1): JsonRecord[] {
  const records: JsonRecord[] = [];
  const splitter = new JsonRecordSplitter((r) => records.push(r));
  for (let i = 0; i < text.length; i += chunkSize) splitter.push(text.slice(i, i + chunkSize));
  splitter.end();
  return records;
}

const summary = (records: JsonRecord[]) =>
  records.map((r) => [r.path, r.document, r.value !== undefined ? r.value : (JSON.parse(r.text) as unknown)]);

/** The same values spread over several lines: not parseable line by line, so the character scan reads them. */
const multiLine = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.stringify(JSON.parse(line), null, 1))
    .join('\n');

describe('JsonRecordSplitter', () => {
  it.each([
    [
      'top-level array',
      '[{"a":1},{"b":[2]}]',
      [
        ['[]', 0, { a: 1 }],
        ['[]', 0, { b: [2] }],
      ],
    ],
    [
      'OTLP request',
      '{"resourceSpans":[{"x":1},{"x":2}]}',
      [
        ['resourceSpans[]', 0, { x: 1 }],
        ['resourceSpans[]', 0, { x: 2 }],
      ],
    ],
    ['Jaeger v2 response', '{"result":{"resourceSpans":[{"x":1}]}}', [['result.resourceSpans[]', 0, { x: 1 }]]],
    [
      'Jaeger v1 data array with envelope',
      '{"data":[{"t":1}],"total":0,"errors":null}',
      [
        ['data[]', 0, { t: 1 }],
        ['total', 0, 0],
        ['errors', 0, null],
      ],
    ],
    [
      'single Jaeger trace, processes after spans',
      '{"traceID":"1","spans":[{"s":1}],"processes":{"p1":{}}}',
      [
        ['traceID', 0, '1'],
        ['spans[]', 0, { s: 1 }],
        ['processes', 0, { p1: {} }],
      ],
    ],
    ['{"data": trace}', '{"data":{"spans":[{"s":1}]}}', [['data.spans[]', 0, { s: 1 }]]],
    [
      'JSON lines',
      '{"resourceSpans":[{"x":1}]}\n{"resourceSpans":[{"x":2}]}\n',
      [
        ['resourceSpans[]', 0, { x: 1 }],
        ['resourceSpans[]', 1, { x: 2 }],
      ],
    ],
    [
      'strings with brackets, quotes and escapes',
      '[{"a":"}]\\"[{\\\\"},"b\\\\"]',
      [
        ['[]', 0, { a: '}]"[{\\' }],
        ['[]', 0, 'b\\'],
      ],
    ],
    ['nested span arrays are not walked deeper than two levels', '{"data":{"x":{"spans":[1]}}}', [['data.x', 0, { spans: [1] }]]],
    ['empty containers', '{"resourceSpans":[]}\n[]', []],
  ])('%s', (_name, text, expected) => {
    expect(summary(split(text))).toEqual(expected);
    const scanned = split(multiLine(text));
    expect(scanned.every((r) => r.value === undefined)).toBe(true);
    expect(summary(scanned)).toEqual(expected);
  });

  it('parses whole JSON lines without scanning them, and scans a line that does not parse alone', () => {
    const records = split('{"resourceSpans":[{"x":1}]}\n{"resourceSpans":\n[{"x":2}]}\n', 5);
    expect(records.map((r) => [r.document, r.value !== undefined])).toEqual([
      [0, true],
      [1, false],
    ]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = JSON.stringify({ data: [{ spans: [{ a: 'x"]}' }], processes: { p: { tags: [] } } }, { é: 'ü\\' }], total: 2 });
    const whole = summary(split(text));
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: text.length }), (chunk) => {
        expect(summary(split(text, chunk))).toEqual(whole);
        expect(summary(split(pretty, chunk))).toEqual(whole);
      }),
    );
  });

  it('reports the character offset of each scanned record', () => {
    const records = split('{"resourceSpans":\n [ {"x":1} ,{"y":2}]}');
    expect(records.map((r) => r.charOffset)).toEqual([21, 30]);
  });

  it.each([
    ['truncated inside a record', '{"resourceSpans":[{"x":', 18, /ends in the middle/],
    ['truncated between records', '[{"a":1},', 9, /ends in the middle/],
    ['not JSON at all', 'hello', 0, /expected a JSON object or array but found 'h'/],
    ['a missing comma', '[{"a":1} {"b":2}]', 9, /expected ',' or ']' but found '\{'/],
    ['a missing colon', '{"resourceSpans" []}', 17, /expected ':'/],
  ])('fails clearly when %s', (_name, text, offset, message) => {
    let error: unknown;
    try {
      split(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).charOffset).toBe(offset);
    expect((error as Error).message).toMatch(message);
  });
});

/** CSV export (RFC 4180): quoting, line endings and how each kind of value is written. */
import { describe, expect, it } from 'vitest';
import { blobText, csvText, toCsv } from '../../../shared/text/csv.js';

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated record per row', () => {
    expect(
      toCsv(
        ['service', 'spans'],
        [
          ['api', 3],
          ['db', 12],
        ],
      ),
    ).toBe('service,spans\r\napi,3\r\ndb,12\r\n');
  });

  it('writes only the header without rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });

  it.each<[string, unknown, string]>([
    ['a plain string', 'GET /cart', 'GET /cart'],
    ['a comma', 'a,b', '"a,b"'],
    ['a quote, doubled', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'a\nb', '"a\nb"'],
    ['a carriage return', 'a\rb', '"a\rb"'],
    ['CRLF', 'a\r\nb', '"a\r\nb"'],
    ['an empty string, quoted to tell it from NULL', '', '""'],
    ['leading and trailing spaces, kept as they are', '  x ', '  x '],
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['an integer', 42, '42'],
    ['a fraction', 1.5, '1.5'],
    ['a negative number', -0.25, '-0.25'],
    ['a bigint beyond 2^53, in full', 1_772_445_630_009_030_123n, '1772445630009030123'],
    ['a negative bigint', -5n, '-5'],
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['a date, as ISO 8601', new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 89)), '2026-03-04T05:06:07.089Z'],
    ['a list, as JSON (quoted for its commas and quotes)', ['a', 'b'], '"[""a"",""b""]"'],
    ['a list of one number', [1], '[1]'],
    ['a struct with a bigint, as JSON with the bigint as text', { n: 10n }, '"{""n"":""10""}"'],
    ['a map, as a JSON object', new Map([['k', 1]]), '"{""k"":1}"'],
    ['a blob', new Uint8Array([0x61, 0x00, 0xff]), 'a\\x00\\xFF'],
  ])('a field holding %s', (_name, value, expected) => {
    expect(toCsv(['v'], [[value]])).toBe(`v\r\n${expected}\r\n`);
  });

  it('quotes column names that need it', () => {
    expect(toCsv(['a,b', 'say "x"', 'plain'], [])).toBe('"a,b","say ""x""",plain\r\n');
  });

  it('keeps empty fields between values', () => {
    expect(toCsv(['a', 'b', 'c'], [[null, 'x', undefined]])).toBe('a,b,c\r\n,x,\r\n');
  });
});

describe('csvText and blobText', () => {
  it('turns a value into unquoted text', () => {
    expect(csvText('a,b')).toBe('a,b');
    expect(csvText(null)).toBe('');
    expect(csvText(new Date(Number.NaN))).toBe('');
  });

  it('escapes a backslash in a blob so the text reads back as the same bytes', () => {
    expect(blobText(new Uint8Array([0x5c, 0x41]))).toBe('\\x5CA');
  });
});

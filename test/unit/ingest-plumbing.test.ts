import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Pieces } from '../../shared/io/utf8-pieces.js';
import { SpanIdSet } from '../../shared/ingest/span-id-set.js';

const encoder = new TextEncoder();

async function pieces(chunks: Uint8Array[]) {
  const out: { text: string; byteLength: number }[] = [];
  for await (const p of utf8Pieces(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(p);
  return out;
}

/** Cuts `bytes` at the given offsets. */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const ends = [...at.filter((n) => n > 0 && n < bytes.length).sort((a, b) => a - b), bytes.length];
  let start = 0;
  return ends.map((end) => {
    const chunk = bytes.slice(start, end);
    start = end;
    return chunk;
  });
}

describe('utf8Pieces', () => {
  it.each([
    ['lines split mid-line', ['{"a":1}\n{"b"', ':2}\n{"c":3}'], ['{"a":1}\n', '{"b":2}\n', '{"c":3}']],
    ['a chunk with no newline waits for the next', ['{"a"', ':1', '}\n'], ['{"a":1}\n']],
    ['a byte order mark is dropped', ['\ufeff{"a":1}\n'], ['{"a":1}\n']],
    ['no trailing newline', ['[1,2]'], ['[1,2]']],
    ['empty stream', [], []],
  ])('%s', async (_name, chunks, expected) => {
    const got = await pieces(chunks.map((c) => encoder.encode(c)));
    expect(got.map((p) => p.text)).toEqual(expected);
  });

  it('counts the bytes of every piece, byte order mark included', async () => {
    const got = await pieces([encoder.encode('\ufeff{"é":1}\n{"b"'), encoder.encode(':2}')]);
    expect(got.map((p) => p.byteLength)).toEqual([3 + 9, 7]);
  });

  it('decodes any text cut anywhere into the same characters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), fc.array(fc.nat(200)), async (text, at) => {
        const bytes = encoder.encode(text.replaceAll('\ufeff', ''));
        const got = await pieces(cut(bytes, at));
        expect(got.map((p) => p.text).join('')).toBe(new TextDecoder().decode(bytes));
        expect(got.reduce((n, p) => n + p.byteLength, 0)).toBe(bytes.length);
        // Every piece but the last ends at a line break.
        for (const p of got.slice(0, -1)) expect(p.text.endsWith('\n')).toBe(true);
      }),
    );
  });
});

describe('SpanIdSet', () => {
  it.each([
    ['new pair', [['t1', 's1']], [true], 1],
    [
      'same pair twice',
      [
        ['t1', 's1'],
        ['t1', 's1'],
      ],
      [true, false],
      1,
    ],
    [
      'same span id in two traces',
      [
        ['t1', 's1'],
        ['t2', 's1'],
      ],
      [true, true],
      2,
    ],
    [
      'two spans of one trace',
      [
        ['t1', 's1'],
        ['t1', 's2'],
        ['t1', 's1'],
      ],
      [true, true, false],
      2,
    ],
  ] as const)('%s', (_name, pairs, added, size) => {
    const set = new SpanIdSet();
    expect(pairs.map(([t, s]) => set.add(t, s))).toEqual(added);
    expect(set.size).toBe(size);
    for (const [t, s] of pairs) expect(set.has(t, s)).toBe(true);
    expect(set.has('t9', 's1')).toBe(false);
  });
});

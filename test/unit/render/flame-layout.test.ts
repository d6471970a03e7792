import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceDetail, TraceSegment, TraceSpans } from '../../../shared/engine/views-api.js';
import {
  childrenByStart,
  clampWindow,
  criticalMask,
  fitLabel,
  flameRows,
  formatOffset,
  MIN_WINDOW_NS,
  pan,
  spansByRow,
  tickStep,
  timeTicks,
  windowAround,
  zoomAt,
  type FlameRows,
  type TimeWindow,
} from '../../../shared/render/flame-layout.js';

// ── Fixtures ────────────────────────────────────────────────────────────────

interface Row {
  id: string;
  parent?: string;
  start: number;
  end: number;
}

/** TraceSpans from rows; a parent id that is not among the rows counts as missing (-1). */
function spansOf(rows: Row[]): TraceSpans {
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const n = rows.length;
  return {
    size: n,
    spanId: rows.map((r) => r.id),
    parent: Int32Array.from(rows, (r) => (r.parent === undefined ? -1 : (index.get(r.parent) ?? -1))),
    parentMissing: Uint8Array.from(rows, (r) => (r.parent !== undefined && !index.has(r.parent) ? 1 : 0)),
    service: rows.map(() => 'svc'),
    name: rows.map((r) => `op-${r.id}`),
    kind: rows.map(() => 'internal'),
    start: Float64Array.from(rows, (r) => r.start),
    end: Float64Array.from(rows, (r) => r.end),
    error: new Uint8Array(n),
    selfNs: new Float64Array(n),
    criticalNs: new Float64Array(n),
    adjusted: new Uint8Array(n),
  };
}

/** Span arrays without ids, for the big shapes: parent[i], start[i], end[i]. */
function bigSpans(parent: Int32Array, start: Float64Array, end: Float64Array): TraceSpans {
  const n = parent.length;
  const ids = Array.from({ length: n }, (_, i) => String(i));
  return {
    size: n,
    spanId: ids,
    parent,
    parentMissing: new Uint8Array(n),
    service: ids.map(() => 'svc'),
    name: ids.map(() => 'op'),
    kind: ids.map(() => 'internal'),
    start,
    end,
    error: new Uint8Array(n),
    selfNs: new Float64Array(n),
    criticalNs: new Float64Array(n),
    adjusted: new Uint8Array(n),
  };
}

/**
 * The layout's promises, checked on every case: each child below its parent,
 * and within a row, read left to right, each bar starts at or after every
 * earlier bar of the row has ended. Returns a description of the first
 * violation ('' when none), so a failure says what went wrong.
 */
function layoutViolation(spans: TraceSpans, layout: FlameRows): string {
  const { row, rows } = layout;
  for (let i = 0; i < spans.size; i++) {
    if (row[i]! < 0 || row[i]! >= rows) return `span ${i} has row ${row[i]} outside 0…${rows - 1}`;
    const p = spans.parent[i]!;
    if (p >= 0 && p !== i && row[i]! <= row[p]!) return `span ${i} (row ${row[i]}) is not below its parent ${p} (row ${row[p]})`;
  }
  const byRow = spansByRow(spans, layout);
  for (let r = 0; r < rows; r++) {
    let latestEnd = -Infinity;
    for (let k = byRow.offset[r]!; k < byRow.offset[r + 1]!; k++) {
      const s = byRow.span[k]!;
      if (spans.start[s]! < latestEnd) return `span ${s} overlaps an earlier bar of row ${r}`;
      latestEnd = Math.max(latestEnd, spans.end[s]!);
    }
  }
  return '';
}

function rowsById(rows: Row[]): Record<string, number> {
  const spans = spansOf(rows);
  const layout = flameRows(spans);
  expect(layoutViolation(spans, layout)).toBe('');
  return Object.fromEntries(rows.map((r, i) => [r.id, layout.row[i]!]));
}

// ── flameRows ───────────────────────────────────────────────────────────────

describe('flameRows', () => {
  interface Case {
    name: string;
    rows: Row[];
    expected: Record<string, number>;
    /** The parent links loop: one link of the loop cannot be drawn parent above child. */
    loop?: boolean;
  }

  const cases: Case[] = [
    {
      // 0    10   20   30
      // root |==============|
      // a     |===|
      // b          |===|
      // c               |==|
      name: 'sequential siblings share the row below the parent',
      rows: [
        { id: 'root', start: 0, end: 30 },
        { id: 'a', parent: 'root', start: 2, end: 10 },
        { id: 'b', parent: 'root', start: 12, end: 20 },
        { id: 'c', parent: 'root', start: 20, end: 28 },
      ],
      expected: { root: 0, a: 1, b: 1, c: 1 },
    },
    {
      // 0    10   20   30
      // root |==============|
      // a     |=========|
      // b       |=====|          overlaps a → next row
      // c         |=====|        overlaps a and b → next row again
      // d                 |==|   a has ended → back to the first row
      name: 'overlapping siblings go to further rows, earliest start first',
      rows: [
        { id: 'root', start: 0, end: 30 },
        { id: 'c', parent: 'root', start: 8, end: 20 },
        { id: 'b', parent: 'root', start: 4, end: 16 },
        { id: 'a', parent: 'root', start: 2, end: 22 },
        { id: 'd', parent: 'root', start: 24, end: 28 },
      ],
      expected: { root: 0, a: 1, b: 2, c: 3, d: 1 },
    },
    {
      // The module comment's example: b1 takes row 2 before c is placed (depth
      // first), so c, overlapping b and b1, goes to row 3.
      //   time   0    5    10   15   20   25   30
      //   root   |=============================|
      //   a        |=======|
      //   a1         |===|
      //   b                  |=======|
      //   b1                   |=|
      //   c                     |=========|
      //   c1                      |==|
      name: 'a whole subtree is laid out before the next sibling',
      rows: [
        { id: 'root', start: 0, end: 30 },
        { id: 'a', parent: 'root', start: 2, end: 10 },
        { id: 'a1', parent: 'a', start: 4, end: 8 },
        { id: 'b', parent: 'root', start: 12, end: 20 },
        { id: 'b1', parent: 'b', start: 14, end: 16 },
        { id: 'c', parent: 'root', start: 15, end: 25 },
        { id: 'c1', parent: 'c', start: 17, end: 20 },
      ],
      expected: { root: 0, a: 1, a1: 2, b: 1, b1: 2, c: 3, c1: 4 },
    },
    {
      // 0    10   20   30   40
      // root |=========|
      // a       |===================|   async tail past the root's end
      // t2                  |====|      a second top span: row 0 is free again at 25
      name: 'a child running past its parent stays below it; top spans share row 0 when free',
      rows: [
        { id: 'root', start: 0, end: 20 },
        { id: 'a', parent: 'root', start: 6, end: 40 },
        { id: 't2', start: 25, end: 35 },
      ],
      expected: { root: 0, a: 1, t2: 0 },
    },
    {
      // 0    10   20
      // top  |=====|          starts first: row 0
      // orphan   |=====|      parent not in the data: a top span, overlaps top → row 1
      // kid       |=|         below the orphan
      name: 'a span with a missing parent is a top span; top spans stack like siblings',
      rows: [
        { id: 'orphan', parent: 'not-loaded', start: 8, end: 20 },
        { id: 'kid', parent: 'orphan', start: 10, end: 14 },
        { id: 'top', start: 0, end: 12 },
      ],
      expected: { top: 0, orphan: 1, kid: 2 },
    },
    {
      // 0    10
      // p    |====|
      // c  |==|        starts before its parent (clock skew): still below it
      name: 'a child that starts before its parent is still drawn below it',
      rows: [
        { id: 'p', start: 5, end: 15 },
        { id: 'c', parent: 'p', start: 0, end: 8 },
      ],
      expected: { p: 0, c: 1 },
    },
    {
      // 0    10
      // p    |========|
      // z        |        zero length at 4, inside a → next row
      // a    |===|
      // y        |        zero length at 4, at a's end → same row as a
      name: 'zero-length spans: inside a bar they move down, at its end they share the row',
      rows: [
        { id: 'p', start: 0, end: 10 },
        { id: 'a', parent: 'p', start: 0, end: 4 },
        { id: 'y', parent: 'p', start: 4, end: 4 },
        { id: 'z', parent: 'p', start: 2, end: 2 },
      ],
      expected: { p: 0, a: 1, z: 2, y: 1 },
    },
    {
      // a → b → a: a loop in the parent links, reachable from no top span
      // t |==|
      name: 'spans in a parent loop still get rows',
      rows: [
        { id: 't', start: 0, end: 4 },
        { id: 'a', parent: 'b', start: 0, end: 10 },
        { id: 'b', parent: 'a', start: 1, end: 9 },
      ],
      expected: { t: 0, a: 1, b: 2 },
      loop: true,
    },
  ];

  it.each(cases)('$name', ({ rows, expected, loop }) => {
    if (loop) {
      const layout = flameRows(spansOf(rows));
      expect(Object.fromEntries(rows.map((r, i) => [r.id, layout.row[i]]))).toEqual(expected);
      return;
    }
    expect(rowsById(rows)).toEqual(expected);
  });

  it('counts the rows it used', () => {
    expect(flameRows(spansOf([])).rows).toBe(0);
    expect(flameRows(spansOf(cases[2]!.rows)).rows).toBe(5);
  });

  it('lays out a chain 100k deep without recursion', () => {
    const n = 100_000;
    const parent = Int32Array.from({ length: n }, (_, i) => i - 1);
    const start = Float64Array.from({ length: n }, (_, i) => i);
    const end = Float64Array.from({ length: n }, (_, i) => 2 * n - i);
    const spans = bigSpans(parent, start, end);
    const layout = flameRows(spans);
    expect(layout.rows).toBe(n);
    expect(layout.row[n - 1]).toBe(n - 1);
    expect(layoutViolation(spans, layout)).toBe('');
  });

  it.each([
    // root |==================|
    // s0   |=|=|=|=| … 100k in sequence: one row
    { shape: 'sequential', rowsUsed: 2, startOf: (i: number) => i * 10, endOf: (i: number) => i * 10 + 10 },
    // root |==================|
    // s0   |==================|
    // s1   |==================|  … 100k all at once: one row each
    { shape: 'parallel', rowsUsed: 100_001, startOf: () => 0, endOf: () => 1_000_000 },
    // s_i  |====|  each overlapping the next one by half: two rows alternate
    { shape: 'staggered', rowsUsed: 3, startOf: (i: number) => i * 10, endOf: (i: number) => i * 10 + 15 },
  ])('lays out 100k $shape siblings', ({ rowsUsed, startOf, endOf }) => {
    const n = 100_001;
    // Given in reverse start order, so the layout has to sort them.
    const parent = Int32Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0));
    const start = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : startOf(n - 1 - i)));
    const end = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 2_000_000 : endOf(n - 1 - i)));
    const spans = bigSpans(parent, start, end);
    const layout = flameRows(spans);
    expect(layout.rows).toBe(rowsUsed);
    expect(layoutViolation(spans, layout)).toBe('');
  });

  it('keeps its promises on random trees', () => {
    const tree = fc.array(
      fc.record({ parentPick: fc.nat(), start: fc.integer({ min: 0, max: 100 }), length: fc.integer({ min: 0, max: 50 }) }),
      {
        minLength: 1,
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(tree, (items) => {
        // Parent: any earlier span or none (parentPick % (i + 1) === i → top span).
        const parent = Int32Array.from(items, (it, i) => {
          const p = it.parentPick % (i + 1);
          return p === i ? -1 : p;
        });
        const spans = bigSpans(
          parent,
          Float64Array.from(items, (it) => it.start),
          Float64Array.from(items, (it) => it.start + it.length),
        );
        expect(layoutViolation(spans, flameRows(spans))).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});

describe('childrenByStart and spansByRow', () => {
  // 0    10   20
  // root |=========|
  // late       |==|    given first
  // early |==|
  // also  |====|       same start as early, higher span number
  const rows: Row[] = [
    { id: 'root', start: 0, end: 20 },
    { id: 'late', parent: 'root', start: 12, end: 16 },
    { id: 'early', parent: 'root', start: 2, end: 6 },
    { id: 'also', parent: 'root', start: 2, end: 8 },
  ];

  it('lists children by start, then span number', () => {
    const spans = spansOf(rows);
    const children = childrenByStart(spans);
    expect([...children.child.subarray(children.offset[0]!, children.offset[1]!)].map((i) => rows[i]!.id)).toEqual([
      'early',
      'also',
      'late',
    ]);
    expect([...children.roots]).toEqual([0]);
  });

  it('lists each row left to right', () => {
    const spans = spansOf(rows);
    const layout = flameRows(spans);
    const byRow = spansByRow(spans, layout);
    const row = (r: number) => [...byRow.span.subarray(byRow.offset[r]!, byRow.offset[r + 1]!)].map((i) => rows[i]!.id);
    expect(row(0)).toEqual(['root']);
    expect(row(1)).toEqual(['early', 'late']);
    expect(row(2)).toEqual(['also']);
  });
});

// ── criticalMask ────────────────────────────────────────────────────────────

describe('criticalMask', () => {
  it("marks the spans that own a 'span' segment, not a queue wait alone", () => {
    const spans = spansOf([
      { id: 'root', start: 0, end: 30 },
      { id: 'a', parent: 'root', start: 2, end: 10 },
      { id: 'b', parent: 'root', start: 4, end: 8 },
      { id: 'consumer', start: 20, end: 30 },
    ]);
    const segments: TraceSegment[] = [
      { span: 0, start: 0, end: 2, kind: 'span' },
      { span: 1, start: 2, end: 10, kind: 'span' },
      { span: 0, start: 10, end: 15, kind: 'span' },
      { span: 3, start: 15, end: 20, kind: 'queue' },
    ];
    const detail = { spans, criticalPath: { root: 0, start: 0, end: 20, segments } } as unknown as TraceDetail;
    expect([...criticalMask(detail)]).toEqual([1, 1, 0, 0]);
  });
});

// ── fitLabel ────────────────────────────────────────────────────────────────

describe('fitLabel', () => {
  /** Every character (the ellipsis included) 10 px wide. */
  const monospace = (s: string) => s.length * 10;

  it.each([
    { text: 'checkout', width: 80, expected: 'checkout' }, // fits exactly
    { text: 'checkout', width: 200, expected: 'checkout' },
    { text: 'checkout', width: 79, expected: 'checko…' }, // 7 characters = 70 px
    { text: 'checkout', width: 70, expected: 'checko…' },
    { text: 'checkout', width: 69, expected: 'check…' },
    { text: 'checkout', width: 20, expected: 'c…' },
    { text: 'checkout', width: 19, expected: '…' },
    { text: 'checkout', width: 10, expected: '…' }, // only the ellipsis fits
    { text: 'checkout', width: 9, expected: '' }, // not even the ellipsis
    { text: 'checkout', width: 0, expected: '' },
    { text: '', width: 0, expected: '' },
    // Surrogate pairs count as two units here: never cut one in half.
    { text: '😀😀x', width: 30, expected: '😀…' },
    { text: '😀😀x', width: 20, expected: '…' },
  ])('"$text" in $width px → "$expected"', ({ text, width, expected }) => {
    expect(fitLabel(text, width, monospace)).toBe(expected);
  });

  it('gives the longest prefix that fits with a proportional measure', () => {
    // Wide capitals, narrow lower case.
    const proportional = (s: string) => [...s].reduce((w, c) => w + (c === '…' ? 6 : c === c.toUpperCase() ? 12 : 5), 0);
    const text = 'PaymentService: POST /charge';
    for (let width = 6; width < proportional(text); width += 3) {
      const label = fitLabel(text, width, proportional);
      expect(label.endsWith('…')).toBe(true);
      const prefix = label.slice(0, -1);
      expect(text.startsWith(prefix)).toBe(true);
      expect(proportional(label)).toBeLessThanOrEqual(width);
      expect(proportional(text.slice(0, prefix.length + 1) + '…')).toBeGreaterThan(width);
    }
  });
});

// ── Time axis ───────────────────────────────────────────────────────────────

describe('timeTicks', () => {
  it.each([
    { from: 0, to: 1000, max: 5, ticks: [0, 500, 1000] },
    { from: 0, to: 1000, max: 6, ticks: [0, 200, 400, 600, 800, 1000] },
    { from: 150, to: 950, max: 4, ticks: [200, 400, 600, 800] },
    { from: 0, to: 10e6, max: 10, ticks: [0, 2e6, 4e6, 6e6, 8e6, 10e6] },
    { from: 1_234_567, to: 1_234_580, max: 3, ticks: [1_234_570, 1_234_575, 1_234_580] },
    { from: 0, to: 3, max: 10, ticks: [0, 1, 2, 3] }, // never below a 1 ns step
    { from: 0, to: 1000, max: 0, ticks: [] },
    { from: 10, to: 5, max: 5, ticks: [] },
  ])('[$from, $to] at most $max → $ticks', ({ from, to, max, ticks }) => {
    expect(timeTicks(from, to, max)).toEqual(ticks);
  });

  it('uses the finest 1/2/5 × 10^k step that fits, with every tick inside the window', () => {
    const nice = (step: number) => {
      const decade = 10 ** Math.floor(Math.log10(step) + 1e-9);
      return [1, 2, 5].some((m) => Math.abs(step - m * decade) < 1e-6 * decade);
    };
    const finer = (step: number) => {
      const decade = 10 ** Math.floor(Math.log10(step) + 1e-9);
      const m = Math.round(step / decade);
      return m === 1 ? decade / 2 : m === 2 ? decade : 2 * decade;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 1, max: 1e10 }),
        fc.integer({ min: 1, max: 20 }),
        (from, width, max) => {
          const to = from + width;
          const ticks = timeTicks(from, to, max);
          const step = tickStep(from, to, max);
          expect(nice(step)).toBe(true);
          expect(ticks.length).toBeLessThanOrEqual(max);
          for (const t of ticks) {
            expect(t).toBeGreaterThanOrEqual(from);
            expect(t).toBeLessThanOrEqual(to);
          }
          // The next finer nice step would give too many ticks (or go below 1 ns).
          const f = finer(step);
          if (f >= 1) expect(Math.floor(to / f) - Math.ceil(from / f) + 1).toBeGreaterThan(max);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('formatOffset', () => {
  it.each([
    [0, '0'],
    [999, '999 ns'],
    [1000, '1 µs'],
    [250_000, '250 µs'],
    [12_500_000, '12.5 ms'],
    [1_234_567, '1.23 ms'],
    [999_960, '1 ms'], // rounds up into the next unit
    [1_200_000_000, '1.2 s'],
    [90e9, '90 s'],
    [-2_000_000, '-2 ms'],
  ])('%d ns → %s', (ns, text) => {
    expect(formatOffset(ns)).toBe(text);
  });

  it.each([
    // Ticks 50 ms apart need two decimals in seconds to stay apart.
    [1_050_000_000, 50_000_000, '1.05 s'],
    [10_050_000_000, 50_000_000, '10.05 s'],
    [1_500_000, 500_000, '1.5 ms'],
    [2_000_000, 500_000, '2 ms'],
    [500_000, 500_000, '500 µs'],
  ])('%d ns with ticks every %d ns → %s', (ns, step, text) => {
    expect(formatOffset(ns, step)).toBe(text);
  });

  it('gives distinct labels to neighbouring ticks', () => {
    for (const [from, to] of [
      [10e9, 10.3e9],
      [0, 2e6],
      [123_456, 124_000],
    ] as const) {
      const step = tickStep(from, to, 8);
      const labels = timeTicks(from, to, 8).map((t) => formatOffset(t, step));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});

// ── Viewport ────────────────────────────────────────────────────────────────

describe('zoomAt', () => {
  const bounds: TimeWindow = { from: 0, to: 10_000_000 };

  it.each([
    // Anchor a quarter into the window stays a quarter in.
    { view: { from: 1e6, to: 2e6 }, anchor: 1.25e6, factor: 0.5, expected: { from: 1.125e6, to: 1.625e6 } },
    { view: { from: 1e6, to: 2e6 }, anchor: 1.25e6, factor: 2, expected: { from: 0.75e6, to: 2.75e6 } },
    // Zooming out past the bounds shows the bounds.
    { view: { from: 1e6, to: 2e6 }, anchor: 1.5e6, factor: 100, expected: { from: 0, to: 10e6 } },
    // Near the end: the wider window is pushed back inside.
    { view: { from: 9e6, to: 10e6 }, anchor: 9.9e6, factor: 4, expected: { from: 6e6, to: 10e6 } },
    // Never narrower than the minimum (1 µs by default), anchor kept in the middle.
    { view: { from: 4000, to: 6000 }, anchor: 5000, factor: 1e-6, expected: { from: 4500, to: 5500 } },
    { view: { from: 4000, to: 6000 }, anchor: 4500, factor: 0.1, expected: { from: 4250, to: 5250 } },
  ])('$view around $anchor × $factor → $expected', ({ view, anchor, factor, expected }) => {
    expect(zoomAt(view, anchor, factor, bounds)).toEqual(expected);
  });

  it('honours a custom minimum window', () => {
    expect(zoomAt({ from: 0, to: 100 }, 50, 0.01, { from: 0, to: 100 }, 10)).toEqual({ from: 45, to: 55 });
  });

  it('keeps the anchor in place unless the bounds or the minimum get in the way', () => {
    const big: TimeWindow = { from: 0, to: 1e9 };
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        (a, b, at, factor) => {
          const view = clampWindow({ from: Math.min(a, b), to: Math.max(a, b) }, big);
          const width = view.to - view.from;
          const anchor = view.from + at * width;
          const zoomed = zoomAt(view, anchor, factor, big);
          const newWidth = zoomed.to - zoomed.from;
          expect(zoomed.from).toBeGreaterThanOrEqual(big.from);
          expect(zoomed.to).toBeLessThanOrEqual(big.to);
          expect(newWidth).toBeGreaterThanOrEqual(MIN_WINDOW_NS - 1e-6);
          const free = Math.abs(newWidth - width * factor) < 1e-6 * width && zoomed.from > big.from && zoomed.to < big.to;
          if (free) expect((anchor - zoomed.from) / newWidth).toBeCloseTo(at, 6);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('pan', () => {
  const bounds: TimeWindow = { from: 0, to: 10_000 };
  it.each([
    { view: { from: 1000, to: 2000 }, delta: 500, expected: { from: 1500, to: 2500 } },
    { view: { from: 1000, to: 2000 }, delta: -400, expected: { from: 600, to: 1600 } },
    { view: { from: 1000, to: 2000 }, delta: -5000, expected: { from: 0, to: 1000 } },
    { view: { from: 1000, to: 2000 }, delta: 1e9, expected: { from: 9000, to: 10_000 } },
    { view: { from: -50, to: 20_000 }, delta: 100, expected: { from: 0, to: 10_000 } }, // wider than the bounds
  ])('$view by $delta → $expected', ({ view, delta, expected }) => {
    expect(pan(view, delta, bounds)).toEqual(expected);
  });
});

describe('windowAround', () => {
  it('pads a span by 5% each side and stays inside the bounds', () => {
    expect(windowAround(1000, 3000, { from: 0, to: 10_000 })).toEqual({ from: 900, to: 3100 });
    expect(windowAround(0, 2000, { from: 0, to: 10_000 })).toEqual({ from: 0, to: 2200 });
    // A 10 ns span opens the minimum window, centred on it.
    expect(windowAround(5000, 5010, { from: 0, to: 10_000 })).toEqual({ from: 4505, to: 5505 });
  });
});

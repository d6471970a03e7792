/** The trace list's pure logic: sorting, the brush, virtualisation, duration input and display, scatter geometry. */
import { describe, expect, it } from 'vitest';
import type { TraceRow } from '../../../shared/engine/views-api.js';
import { formatDurationNs, formatTimeOfDayNs, formatTimestampNs } from '../../../renderer/views/traces/format-duration.js';
import {
  buildHitGrid,
  brushToPixelRect,
  dotPositions,
  durationTicks,
  nearestDot,
  pixelRectToBrush,
  scatterScales,
  timeTicks,
} from '../../../renderer/views/traces/scatter-geometry.js';
import {
  applyBrush,
  brushFromCorners,
  durationExtent,
  durationToInputText,
  inBrush,
  isFilterEmpty,
  nextSort,
  parseAttributeFilter,
  parseDuration,
  scrollTopToReveal,
  sortTraces,
  startExtent,
  visibleRange,
  withFilterField,
  type Brush,
  type TraceSortKey,
} from '../../../renderer/views/traces/trace-table-model.js';

/** Far beyond 2^53: as numbers, these starts would collide (they differ by 1 ns). */
const BASE_NS = 1_714_572_000_000_000_000n;

function row(traceId: string, fields: Partial<TraceRow> = {}): TraceRow {
  return {
    traceId,
    rootService: 'svc',
    rootOperation: 'op',
    startNs: BASE_NS,
    durationNs: 1_000_000,
    spans: 1,
    services: 1,
    errors: 0,
    syncChain: 0,
    ...fields,
  };
}

const ids = (rows: readonly TraceRow[]) => rows.map((r) => r.traceId);

describe('sortTraces', () => {
  // Each key gets rows where "b" and "c" tie on the key, given in an order that is not the answer.
  const cases: { key: TraceSortKey; rows: TraceRow[]; ascending: string[]; descending: string[] }[] = [
    {
      key: 'start',
      rows: [
        row('c', { startNs: BASE_NS + 1n }),
        row('a', { startNs: BASE_NS + 2n }),
        row('b', { startNs: BASE_NS + 1n }),
        row('d', { startNs: BASE_NS }),
      ],
      ascending: ['d', 'b', 'c', 'a'],
      descending: ['a', 'b', 'c', 'd'],
    },
    {
      key: 'duration',
      rows: [row('c', { durationNs: 5 }), row('d', { durationNs: 900 }), row('b', { durationNs: 5 }), row('a', { durationNs: 0 })],
      ascending: ['a', 'b', 'c', 'd'],
      descending: ['d', 'b', 'c', 'a'],
    },
    {
      key: 'spans',
      rows: [row('c', { spans: 3 }), row('a', { spans: 10 }), row('b', { spans: 3 }), row('d', { spans: 2 })],
      ascending: ['d', 'b', 'c', 'a'],
      descending: ['a', 'b', 'c', 'd'],
    },
    {
      key: 'services',
      rows: [row('c', { services: 2 }), row('b', { services: 2 }), row('a', { services: 1 })],
      ascending: ['a', 'b', 'c'],
      descending: ['b', 'c', 'a'],
    },
    {
      key: 'errors',
      rows: [row('c', { errors: 0 }), row('a', { errors: 4 }), row('b', { errors: 0 })],
      ascending: ['b', 'c', 'a'],
      descending: ['a', 'b', 'c'],
    },
    {
      key: 'syncChain',
      rows: [row('c', { syncChain: 3 }), row('a', { syncChain: 1 }), row('b', { syncChain: 3 })],
      ascending: ['a', 'b', 'c'],
      descending: ['b', 'c', 'a'],
    },
    {
      key: 'root',
      rows: [
        row('c', { rootService: 'api', rootOperation: 'GET /b' }),
        row('a', { rootService: 'web', rootOperation: 'GET /' }),
        row('b', { rootService: 'api', rootOperation: 'GET /b' }),
        row('d', { rootService: 'api', rootOperation: 'GET /a' }),
      ],
      ascending: ['d', 'b', 'c', 'a'],
      descending: ['a', 'b', 'c', 'd'],
    },
  ];

  it.each(cases)('sorts by $key both ways, ties by trace id', ({ key, rows, ascending, descending }) => {
    expect(ids(sortTraces(rows, { key, descending: false }))).toEqual(ascending);
    expect(ids(sortTraces(rows, { key, descending: true }))).toEqual(descending);
  });

  it('leaves its input alone', () => {
    const rows = [row('b', { spans: 2 }), row('a', { spans: 1 })];
    sortTraces(rows, { key: 'spans', descending: false });
    expect(ids(rows)).toEqual(['b', 'a']);
  });

  it('is stable for rows equal in key and id', () => {
    const first = row('x', { spans: 1, rootOperation: 'first' });
    const second = row('x', { spans: 1, rootOperation: 'second' });
    expect(sortTraces([first, second], { key: 'spans', descending: true })).toEqual([first, second]);
    expect(sortTraces([second, first], { key: 'spans', descending: false })).toEqual([second, first]);
  });

  it('orders starts that differ by less than a number can tell apart', () => {
    const rows = [row('late', { startNs: BASE_NS + 1n }), row('early', { startNs: BASE_NS })];
    expect(Number(BASE_NS) === Number(BASE_NS + 1n)).toBe(true);
    expect(ids(sortTraces(rows, { key: 'start', descending: false }))).toEqual(['early', 'late']);
  });

  it('orders starts 1 ns apart also when the rows span years (bigints compared as bigints)', () => {
    const yearsLater = BASE_NS + 10n * 365n * 86_400_000_000_000n;
    const rows = [
      row('d', { startNs: yearsLater + 1n }),
      row('b', { startNs: BASE_NS + 1n }),
      row('c', { startNs: yearsLater }),
      row('a', { startNs: BASE_NS }),
    ];
    expect(ids(sortTraces(rows, { key: 'start', descending: false }))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(sortTraces(rows, { key: 'start', descending: true }))).toEqual(['d', 'c', 'b', 'a']);
  });
});

describe('nextSort', () => {
  it.each([
    [{ key: 'duration', descending: true }, 'duration', { key: 'duration', descending: false }],
    [{ key: 'duration', descending: false }, 'duration', { key: 'duration', descending: true }],
    [{ key: 'duration', descending: false }, 'root', { key: 'root', descending: false }],
    [{ key: 'root', descending: false }, 'errors', { key: 'errors', descending: true }],
  ] as const)('from %o, clicking %s gives %o', (current, key, expected) => {
    expect(nextSort(current, key)).toEqual(expected);
  });
});

describe('brush', () => {
  const brush: Brush = { fromNs: BASE_NS + 100n, toNs: BASE_NS + 200n, minDurationNs: 1_000, maxDurationNs: 2_000 };
  it.each([
    ['inside', BASE_NS + 150n, 1_500, true],
    ['on the left edge', BASE_NS + 100n, 1_500, true],
    ['on the right edge', BASE_NS + 200n, 1_500, true],
    ['on the bottom edge', BASE_NS + 150n, 1_000, true],
    ['on the top edge', BASE_NS + 150n, 2_000, true],
    ['on a corner', BASE_NS + 200n, 2_000, true],
    ['1 ns before the left edge', BASE_NS + 99n, 1_500, false],
    ['1 ns after the right edge', BASE_NS + 201n, 1_500, false],
    ['just below', BASE_NS + 150n, 999.5, false],
    ['just above', BASE_NS + 150n, 2_000.5, false],
  ])('a trace %s is in: %s', (_where, startNs, durationNs, expected) => {
    expect(inBrush(row('t', { startNs, durationNs }), brush)).toBe(expected);
  });

  it('applyBrush keeps order and passes everything without a brush', () => {
    const rows = [
      row('b', { startNs: BASE_NS + 150n, durationNs: 1_500 }),
      row('out', { durationNs: 1_500 }),
      row('a', { startNs: BASE_NS + 100n, durationNs: 2_000 }),
    ];
    expect(ids(applyBrush(rows, brush))).toEqual(['b', 'a']);
    expect(applyBrush(rows, null)).toBe(rows);
  });

  it('brushFromCorners orders the corners', () => {
    expect(brushFromCorners(BASE_NS + 5n, BASE_NS + 1n, 30, 10)).toEqual({
      fromNs: BASE_NS + 1n,
      toNs: BASE_NS + 5n,
      minDurationNs: 10,
      maxDurationNs: 30,
    });
  });
});

describe('extents', () => {
  it('finds the shortest, longest, earliest and latest', () => {
    const rows = [
      row('a', { startNs: BASE_NS + 5n, durationNs: 7 }),
      row('b', { startNs: BASE_NS - 3n, durationNs: 2 }),
      row('c', { durationNs: 40 }),
    ];
    expect(durationExtent(rows)).toEqual({ min: 2, max: 40 });
    expect(startExtent(rows)).toEqual({ min: BASE_NS - 3n, max: BASE_NS + 5n });
    expect(durationExtent([])).toBeNull();
    expect(startExtent([])).toBeNull();
  });
});

describe('visibleRange', () => {
  it.each([
    // scrollTop, viewport, rowHeight, total, overscan → first, last
    ['at the top', 0, 280, 28, 1000, 5, 0, 14],
    ['at the top, no overscan', 0, 280, 28, 1000, 0, 0, 9],
    ['in the middle', 2800, 280, 28, 1000, 5, 95, 114],
    ['in the middle, a row half in view', 2814, 280, 28, 1000, 0, 100, 110],
    ['at the end', 28 * 1000 - 280, 280, 28, 1000, 5, 985, 999],
    ['beyond the end (the list shrank)', 50_000, 280, 28, 100, 2, 88, 99],
    ['above the top (elastic scrolling)', -40, 280, 28, 1000, 0, 0, 9],
    ['fewer rows than fit', 0, 280, 28, 3, 5, 0, 2],
  ])('%s', (_where, scrollTop, viewport, rowHeight, total, overscan, first, last) => {
    expect(visibleRange(scrollTop, viewport, rowHeight, total, overscan)).toEqual({ first, last });
  });

  it('is empty without rows', () => {
    const { first, last } = visibleRange(0, 280, 28, 0, 5);
    expect(last).toBeLessThan(first);
  });
});

describe('scrollTopToReveal', () => {
  it.each([
    ['already in view', 12, 100, 280, 100],
    ['above the viewport', 2, 100, 280, 56],
    ['below the viewport', 20, 100, 280, 21 * 28 - 280],
    ['the first row', 0, 500, 280, 0],
  ])('%s', (_where, index, scrollTop, viewport, expected) => {
    expect(scrollTopToReveal(index, 28, scrollTop, viewport)).toBe(expected);
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250_000_000],
    ['250 ms', 250_000_000],
    ['1.5s', 1_500_000_000],
    ['800us', 800_000],
    ['800µs', 800_000],
    ['800μs', 800_000],
    ['12ns', 12],
    ['2m', 120_000_000_000],
    ['2 min', 120_000_000_000],
    ['1h', 3_600_000_000_000],
    ['250', 250_000_000],
    ['0.5', 500_000],
    ['.5s', 500_000_000],
    ['3.', 3_000_000],
    ['  40MS ', 40_000_000],
    ['0', 0],
    ['1.0000001ms', 1_000_000],
  ])('%j is %d ns', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  it.each(['', '   ', 'ms', 'abc', '-5ms', '1.5.2s', '5 parsecs', '1e3ms', '5ms6', '1,5s', '.', 'Infinity'])(
    '%j is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );

  it.each([250_000_000, 1_500_000_000, 800_000, 12, 0, 1_234_567, 1_234_567_891, 90_000_000_000])(
    'reads back what durationToInputText writes for %d ns',
    (ns) => {
      expect(parseDuration(durationToInputText(ns))).toBe(ns);
    },
  );

  it('writes input text in the largest unit', () => {
    expect(durationToInputText(250_000_000)).toBe('250ms');
    expect(durationToInputText(1_500_000_000)).toBe('1.5s');
    expect(durationToInputText(800_000)).toBe('800us');
    expect(durationToInputText(12)).toBe('12ns');
  });
});

describe('parseAttributeFilter', () => {
  it.each([
    ['http.status_code=500', { key: 'http.status_code', value: '500' }],
    [' region = eu-west-1 ', { key: 'region', value: 'eu-west-1' }],
    ['query=a=b', { key: 'query', value: 'a=b' }],
    ['flag=', { key: 'flag', value: '' }],
  ])('%j', (text, expected) => {
    expect(parseAttributeFilter(text)).toEqual(expected);
  });

  it.each(['', 'no-equals', '=value', '  =x'])('%j is not key=value', (text) => {
    expect(parseAttributeFilter(text)).toBeNull();
  });
});

describe('filter helpers', () => {
  it('withFilterField sets and removes without leaving undefined keys', () => {
    const filter = { service: 'api', minDurationNs: 5 };
    expect(withFilterField(filter, 'hasError', true)).toEqual({ service: 'api', minDurationNs: 5, hasError: true });
    const removed = withFilterField(filter, 'service', undefined);
    expect(Object.keys(removed)).toEqual(['minDurationNs']);
    expect(filter).toEqual({ service: 'api', minDurationNs: 5 });
  });

  it('isFilterEmpty', () => {
    expect(isFilterEmpty({})).toBe(true);
    expect(isFilterEmpty({ service: undefined })).toBe(true);
    expect(isFilterEmpty({ hasError: false })).toBe(false);
    expect(isFilterEmpty({ traceIds: [] })).toBe(false);
  });
});

describe('formatDurationNs', () => {
  it.each([
    [0, '0 ns'],
    [12, '12 ns'],
    [999, '999 ns'],
    [999.6, '1.00 µs'],
    [1_240, '1.24 µs'],
    [850_000, '850 µs'],
    [999_960, '1.00 ms'],
    [12_340_000, '12.3 ms'],
    [123_400_000, '123 ms'],
    [1_236_000_000, '1.24 s'],
    [59_990_000_000, '1.00 min'],
    [90_000_000_000, '1.50 min'],
    [7_200_000_000_000, '2.00 h'],
    [-1_500_000, '−1.50 ms'],
    [Number.NaN, '—'],
  ])('%d ns is %j', (ns, text) => {
    expect(formatDurationNs(ns)).toBe(text);
  });
});

describe('timestamps', () => {
  // 2024-05-01T14:00:00.123Z plus 456,789 ns.
  const ns = 1_714_572_000_123_456_789n;
  it('shows the UTC time of day to the millisecond, and the full instant to the nanosecond', () => {
    expect(formatTimeOfDayNs(ns)).toBe('14:00:00.123');
    expect(formatTimestampNs(ns)).toBe('2024-05-01 14:00:00.123456789 UTC');
  });

  it('handles instants before 1970', () => {
    expect(formatTimestampNs(-1n)).toBe('1969-12-31 23:59:59.999999999 UTC');
  });
});

describe('scatter geometry', () => {
  const rows = [
    row('a', { startNs: BASE_NS, durationNs: 1_000_000 }),
    row('b', { startNs: BASE_NS + 60_000_000_000n, durationNs: 1_000_000_000 }),
    row('c', { startNs: BASE_NS + 30_000_000_000n, durationNs: 0 }),
  ];
  const scales = scatterScales(rows, 600, 220)!;

  it('places earlier traces left and longer ones higher, inside the plot, zero-length ones on its floor', () => {
    const { xs, ys } = dotPositions(rows, scales);
    expect(xs[0]).toBeLessThan(xs[2]!);
    expect(xs[2]).toBeLessThan(xs[1]!);
    expect(ys[1]).toBeLessThan(ys[0]!);
    for (let i = 0; i < rows.length; i++) {
      expect(xs[i]).toBeGreaterThan(scales.plot.left);
      expect(xs[i]).toBeLessThan(scales.plot.right);
      expect(ys[i]).toBeGreaterThan(scales.plot.top);
    }
    expect(ys[0]).toBeLessThan(scales.plot.bottom);
    expect(ys[2]).toBeCloseTo(scales.plot.bottom, 3);
  });

  it('keeps a zero-length trace from stretching the duration axis', () => {
    expect(scales.floorNs).toBeGreaterThan(100_000);
    expect(scales.floorNs).toBeLessThan(1_000_000);
  });

  it('has no scales without rows or room', () => {
    expect(scatterScales([], 600, 220)).toBeNull();
    expect(scatterScales(rows, 40, 220)).toBeNull();
  });

  it('turns the whole plot into a brush holding every trace, zero-length ones too', () => {
    const { plot } = scales;
    const brush = pixelRectToBrush(scales, plot.right + 50, plot.bottom + 50, plot.left - 50, plot.top - 50);
    expect(brush.minDurationNs).toBe(0);
    expect(ids(applyBrush(rows, brush))).toEqual(['a', 'b', 'c']);
  });

  it('turns a rectangle around one dot into a brush holding just it, and draws it back there', () => {
    const { xs, ys } = dotPositions(rows, scales);
    const brush = pixelRectToBrush(scales, xs[1]! - 4, ys[1]! - 4, xs[1]! + 4, ys[1]! + 4);
    expect(ids(applyBrush(rows, brush))).toEqual(['b']);
    const rect = brushToPixelRect(scales, brush);
    expect(rect.left).toBeCloseTo(xs[1]! - 4, 3);
    expect(rect.right).toBeCloseTo(xs[1]! + 4, 3);
    expect(rect.top).toBeCloseTo(ys[1]! - 4, 3);
    expect(rect.bottom).toBeCloseTo(ys[1]! + 4, 3);
  });

  it('labels a minute of time and three decades of duration', () => {
    const times = timeTicks(scales, 4);
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times[0]!.label).toMatch(/^\d\d:\d\d(:\d\d)?$/);
    const durations = durationTicks(scales).map((t) => t.label);
    expect(durations).toEqual(expect.arrayContaining(['1 ms', '10 ms', '100 ms', '1 s']));
  });

  it('finds the dot under the pointer with the grid, and nothing far from any dot', () => {
    const xs = new Float32Array([10, 100, 103, 300]);
    const ys = new Float32Array([10, 50, 50, 200]);
    const grid = buildHitGrid(xs, ys, 320, 220, 8);
    expect(nearestDot(grid, xs, ys, 11, 12, 6)).toBe(0);
    expect(nearestDot(grid, xs, ys, 102, 51, 6)).toBe(2);
    expect(nearestDot(grid, xs, ys, 299, 199, 6)).toBe(3);
    expect(nearestDot(grid, xs, ys, 200, 100, 6)).toBe(-1);
    // Equally near two dots: the later, drawn on top.
    expect(nearestDot(grid, xs, ys, 101.5, 50, 6)).toBe(2);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criticalPath, criticalPaths, type CriticalPath } from '../../../shared/analysis/critical-path/critical-path.js';
import { isAsyncChild } from '../../../shared/analysis/model/edges.js';
import { KIND, type SpanTable } from '../../../shared/analysis/model/span-table.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree, type TraceTree } from '../../../shared/analysis/model/trace-tree.js';
import type { SpanKind } from '../../../shared/model/span.js';

/**
 * Random traces with everything the path has to cope with. Child times are
 * drawn relative to the parent, on a coarse grid so ties are common:
 *
 *   inside     parent |==========|
 *              child     |===|
 *   after      child         |==|       starts up to 3 ns before the previous child's end:
 *                                       back to back, or overlapping a little (skew)
 *   overrun    child        |====|·|    may run past the parent's end
 *   anywhere   child                |===|   possibly outside the parent entirely
 *
 * plus zero durations, orphans (parent id missing, or in the other trace),
 * parent cycles, FOLLOWS_FROM children, producer/consumer pairs and links.
 */
const spanArb = fc.record({
  /** The trace of a span without a parent; a child stays in its parent's trace unless `otherTrace` (then it is an orphan). */
  trace: fc.constantFrom('t1', 't2'),
  otherTrace: fc.nat(19),
  /** root: no parent; missing: a parent id not in the data; earlier: an earlier span (most); any: any span (cycles). */
  parent: fc.oneof(
    { arbitrary: fc.constantFrom('root' as const, 'missing' as const), weight: 1 },
    { arbitrary: fc.constant('earlier' as const), weight: 12 },
    { arbitrary: fc.constant('any' as const), weight: 1 },
  ),
  pick: fc.nat(30),
  placement: fc.constantFrom('inside', 'inside', 'after', 'after', 'overrun', 'anywhere'),
  a: fc.nat(12),
  b: fc.nat(12),
  kind: fc.constantFrom<SpanKind>('internal', 'internal', 'server', 'client', 'producer', 'consumer'),
  followsFrom: fc.nat(5),
  link: fc.option(fc.nat(30), { nil: undefined, freq: 4 }),
});

const optionsArb = fc.record({
  skewTolerance: fc.constantFrom(0, 0.01, 0.1, 0.3),
  followAsync: fc.boolean(),
});

type SpanSpec = typeof spanArb extends fc.Arbitrary<infer T> ? T : never;

function buildRows(specs: SpanSpec[]): SpanRow[] {
  const rows: SpanRow[] = [];
  const lastChildEnd = new Map<number, number>();
  specs.forEach((s, i) => {
    const how = s.parent;
    const parentIndex = how === 'earlier' ? (i > 0 ? s.pick % i : -1) : how === 'any' ? s.pick % specs.length : -1;
    const parent = parentIndex >= 0 && parentIndex !== i ? rows[parentIndex] : undefined;
    let start: number;
    let end: number;
    if (parent && parentIndex < i && s.placement !== 'anywhere') {
      const length = parent.end - parent.start;
      start =
        s.placement === 'after'
          ? Math.max(parent.start, (lastChildEnd.get(parentIndex) ?? parent.start) - (s.a % 4))
          : parent.start + Math.floor((s.a * length) / 12);
      end = start + (s.placement === 'overrun' ? s.b : Math.floor((s.b * (parent.end - start)) / 12));
      lastChildEnd.set(parentIndex, end);
    } else {
      start = s.a * 4;
      end = start + 4 * s.b + (s.placement === 'anywhere' ? 0 : 20);
    }
    const row: SpanRow = {
      traceId: parent && s.otherTrace > 0 ? parent.traceId! : s.trace,
      spanId: `s${i}`,
      parentSpanId: how === 'missing' ? 'gone' : parent || parentIndex > i ? `s${parentIndex}` : null,
      service: `svc${i % 3}`,
      name: `op${i % 2}`,
      kind: s.kind,
      start,
      end,
      followsFrom: s.followsFrom === 0,
    };
    rows.push(row);
  });
  specs.forEach((s, i) => {
    const to = rows[(s.link ?? 0) % rows.length]!;
    if (s.link !== undefined) rows[i]!.links = [{ traceId: to.traceId!, spanId: to.spanId }];
  });
  return rows;
}

const traceArb = fc.array(spanArb, { minLength: 1, maxLength: 30, size: 'max' }).map(buildRows);

/** Spans reachable from top through children, and (with followAsync) from link targets to the spans linking to them. */
function reachable(tree: TraceTree, top: number, followLinks: boolean): Set<number> {
  const { table } = tree;
  const linkedBy = new Map<number, number[]>();
  if (followLinks) {
    for (let l = 0; l < table.links.size; l++) {
      const to = tree.find(table.links.traceId[l]!, table.links.spanId[l]!);
      if (to >= 0) linkedBy.set(to, [...(linkedBy.get(to) ?? []), table.links.from[l]!]);
    }
  }
  const seen = new Set([top]);
  const stack = [top];
  while (stack.length > 0) {
    const s = stack.pop()!;
    const next = [...tree.childList.subarray(tree.childStart[s]!, tree.childStart[s + 1]!), ...(linkedBy.get(s) ?? [])];
    for (const c of next) {
      if (seen.has(c)) continue;
      seen.add(c);
      stack.push(c);
    }
  }
  return seen;
}

/**
 * The definition, written as plainly as possible (recursive, quadratic): at
 * each step choose, among all candidates not chosen yet, the best one that
 * may precede the cursor. The implementation instead makes one pass in end
 * order; both must agree.
 */
function referenceSegments(tree: TraceTree, top: number, tolerance: number): string[] {
  const { table } = tree;
  const pieces: [number, number, number][] = [];
  const visit = (s: number, ws: number, we: number) => {
    const cands: { c: number; a: number; b: number }[] = [];
    for (const c of tree.childList.subarray(tree.childStart[s]!, tree.childStart[s + 1]!)) {
      if (isAsyncChild(table, c, s)) continue;
      const cs = table.start[c]!;
      const ce = Math.max(cs, table.end[c]!);
      const a = Math.max(cs, ws);
      const b = Math.min(ce, we);
      if (a < b || (a === b && ce === cs)) cands.push({ c, a, b });
    }
    const tol = tolerance * (table.end[s]! - table.start[s]!);
    const chosen: { c: number; a: number; e: number }[] = [];
    const used = new Set<number>();
    let cursor = we;
    for (;;) {
      const eligible = cands.filter(
        (x) =>
          !used.has(x.c) &&
          (x.b <= cursor ||
            (tol > 0 &&
              x.b - cursor < tol &&
              x.a < cursor &&
              !cands.some((y) => y !== x && ((y.a > cursor && y.a < x.b) || (y.b > cursor && y.b < x.b))))),
      );
      if (eligible.length === 0) break;
      eligible.sort((x, y) => y.b - x.b || y.a - x.a || y.c - x.c);
      const best = eligible[0]!;
      used.add(best.c);
      chosen.push({ c: best.c, a: best.a, e: Math.min(best.b, cursor) });
      cursor = best.a;
    }
    let at = ws;
    for (const { c, a, e } of chosen.reverse()) {
      pieces.push([s, at, a]);
      visit(c, a, e);
      at = e;
    }
    pieces.push([s, at, we]);
  };
  visit(top, table.start[top]!, Math.max(table.start[top]!, table.end[top]!));
  const merged: [number, number, number][] = [];
  for (const [s, a, b] of pieces) {
    if (b <= a) continue;
    const last = merged.at(-1);
    if (last && last[0] === s && last[2] === a) last[2] = b;
    else merged.push([s, a, b]);
  }
  return merged.map(([s, a, b]) => `${s} ${a}-${b}`);
}

function checkTiling(path: CriticalPath): void {
  const { segments } = path;
  expect(segments.length).toBeGreaterThan(0);
  expect(segments[0]!.start).toBe(path.start);
  expect(segments.at(-1)!.end).toBe(path.end);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (path.end > path.start) expect(s.end).toBeGreaterThan(s.start);
    if (i > 0) expect(s.start).toBe(segments[i - 1]!.end);
  }
  const exclusive = path.exclusive.reduce((sum, e) => sum + e.ns, 0);
  expect(exclusive + path.queueNs).toBe(path.end - path.start);
  expect(path.byOperation.reduce((sum, o) => sum + o.exclusiveNs, 0)).toBe(exclusive);
}

function withTree<T>(rows: SpanRow[], run: (tree: TraceTree, table: SpanTable) => T): T {
  const table = spanTableFrom(rows);
  return run(buildTraceTree(table), table);
}

describe('criticalPath properties', () => {
  it('segments tile the window exactly; exclusive (+ queue) time sums to its length', () => {
    fc.assert(
      fc.property(traceArb, optionsArb, (rows, options) =>
        withTree(rows, (tree, table) => {
          for (const path of criticalPaths(tree, options)) {
            checkTiling(path);
            expect(path.start).toBe(table.start[path.top]);
            const topEnd = Math.max(table.start[path.top]!, table.end[path.top]!);
            if (options.followAsync) expect(path.end).toBeGreaterThanOrEqual(topEnd);
            else expect([path.end, path.queueNs]).toEqual([topEnd, 0]);
          }
        }),
      ),
      { numRuns: 400 },
    );
  });

  it("every segment's span is in the top's subtree (or reached through async edges), within its own time", () => {
    fc.assert(
      fc.property(traceArb, optionsArb, (rows, options) =>
        withTree(rows, (tree, table) => {
          for (const path of criticalPaths(tree, options)) {
            const allowed = reachable(tree, path.top, options.followAsync);
            for (const s of path.segments) {
              expect(allowed.has(s.span)).toBe(true);
              if (s.kind === 'queue') expect(s.end).toBe(table.start[s.span]);
              else if (path.end > path.start) {
                expect(s.start).toBeGreaterThanOrEqual(table.start[s.span]!);
                expect(s.end).toBeLessThanOrEqual(table.end[s.span]!);
              }
            }
            if (!options.followAsync) {
              const onPath = new Set(path.segments.map((s) => s.span));
              for (const o of path.outsideParent) expect(onPath.has(o)).toBe(false);
            }
          }
        }),
      ),
      { numRuns: 400 },
    );
  });

  it('matches a plain quadratic reading of the definition', () => {
    fc.assert(
      fc.property(traceArb, fc.constantFrom(0, 0.01, 0.1, 0.3), (rows, skewTolerance) =>
        withTree(rows, (tree) => {
          for (const path of criticalPaths(tree, { skewTolerance })) {
            const got = path.end > path.start ? path.segments.map((s) => `${s.span} ${s.start}-${s.end}`) : [];
            expect(got).toEqual(referenceSegments(tree, path.top, skewTolerance));
          }
        }),
      ),
      { numRuns: 400 },
    );
  });

  it('reports each child outside its parent exactly once, from the path of its top', () => {
    fc.assert(
      fc.property(traceArb, (rows) =>
        withTree(rows, (tree, table) => {
          const reported = criticalPaths(tree).flatMap((p) => p.outsideParent);
          const expected: number[] = [];
          for (let c = 0; c < table.size; c++) {
            const p = tree.parent[c]!;
            if (p < 0 || isAsyncChild(table, c, p)) continue;
            const sharedFrom = Math.max(table.start[c]!, table.start[p]!);
            const sharedTo = Math.min(Math.max(table.start[c]!, table.end[c]!), Math.max(table.start[p]!, table.end[p]!));
            const zeroLength = table.end[c]! <= table.start[c]!;
            if (sharedTo < sharedFrom || (sharedTo === sharedFrom && !zeroLength)) expected.push(c);
          }
          expect(reported.sort((a, b) => a - b)).toEqual(expected);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same answer however often and in whatever order it is asked (shared scratch)', () => {
    fc.assert(
      fc.property(traceArb, optionsArb, (rows, options) =>
        withTree(rows, (tree) => {
          const all = criticalPaths(tree, options);
          const oneByOne = [...all].reverse().map((p) => criticalPath(tree, p.top, options));
          expect(oneByOne.reverse()).toEqual(all);
        }),
      ),
      { numRuns: 200 },
    );
  });

  it('without followAsync, async children and consumers never join the caller path', () => {
    fc.assert(
      fc.property(traceArb, (rows) =>
        withTree(rows, (tree, table) => {
          for (const path of criticalPaths(tree)) {
            for (const { span } of path.segments) {
              // Walking up from a segment's span to the top crosses only synchronous edges.
              for (let s = span; s !== path.top; s = tree.parent[s]!) {
                expect(isAsyncChild(table, s, tree.parent[s]!)).toBe(false);
                expect(table.kind[s] === KIND.consumer && table.kind[tree.parent[s]!] === KIND.producer).toBe(false);
              }
            }
          }
        }),
      ),
      { numRuns: 300 },
    );
  });
});

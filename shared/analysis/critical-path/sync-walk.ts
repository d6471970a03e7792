/**
 * The synchronous critical path under one span, walked with an explicit
 * stack (a chain 100k deep is just a longer stack, never a deeper call).
 *
 *   top     |··|==========|····|====|··|    · the top's own time, = its chosen children
 *   a          |··|====|··|                 a: own time around its chosen child x
 *   x                 |····|
 *   b                          |····|
 *
 * Each span on the path is visited with the window it occupies there
 * (ChildChooser picks its children in it); the gaps between its chosen
 * children are its own time. Work goes on the stack latest-first, so it comes
 * off in time order and the sink receives the path's pieces in time order:
 *
 *   visit(top) pushes  own(c1.end…end) visit(c1) own(c2.end…c1.start) visit(c2) own(start…c2.start)
 *   and pops them      own(start…c2.start) visit(c2) … visit(c1) own(c1.end…end)
 *
 * Pieces are reported only where they overlap [lo, hi]: the part of the path
 * the caller keeps (everything, for a plain path). Spans whose window lies
 * outside it are not descended into.
 */
import type { TraceTree } from '../model/trace-tree.js';
import type { ChildChooser } from './choose-children.js';

export interface PathSink {
  /** A span reached by the walk, with the window it occupies on the path (unless that lies outside [lo, hi]). */
  visit?(span: number, start: number, end: number): void;
  /** Time of `span` on the path not covered by its chosen children (positive length, within [lo, hi]). */
  own?(span: number, start: number, end: number): void;
}

/** Work items: a span to visit (span ≥ 0) or own time to report (-span-1), with a window. */
export class TaskStack {
  span = new Int32Array(64);
  start = new Float64Array(64);
  end = new Float64Array(64);
  size = 0;

  push(span: number, start: number, end: number): void {
    if (this.size === this.span.length) this.grow();
    const i = this.size++;
    this.span[i] = span;
    this.start[i] = start;
    this.end[i] = end;
  }

  private grow(): void {
    const size = this.span.length * 2;
    const span = new Int32Array(size);
    const start = new Float64Array(size);
    const end = new Float64Array(size);
    span.set(this.span);
    start.set(this.start);
    end.set(this.end);
    this.span = span;
    this.start = start;
    this.end = end;
  }
}

/**
 * Walks the path of `top` over [top.start, top.end]; returns how many skew
 * adjustments affected [lo, hi]. `skewTolerance` is the fraction of each
 * parent's own duration.
 */
export function walkSyncPath(
  tree: TraceTree,
  chooser: ChildChooser,
  tasks: TaskStack,
  top: number,
  skewTolerance: number,
  lo: number,
  hi: number,
  sink: PathSink,
): number {
  const { start, end } = tree.table;
  let adjustments = 0;
  tasks.size = 0;
  tasks.push(top, start[top]!, Math.max(start[top]!, end[top]!));
  while (tasks.size > 0) {
    const i = --tasks.size;
    const code = tasks.span[i]!;
    const ws = tasks.start[i]!;
    const we = tasks.end[i]!;
    if (code < 0) {
      const from = ws > lo ? ws : lo;
      const to = we < hi ? we : hi;
      if (to > from) sink.own?.(-code - 1, from, to);
      continue;
    }
    if (we <= lo || ws >= hi) continue;
    const s = code;
    sink.visit?.(s, ws, we);
    const tolerance = skewTolerance * (end[s]! - start[s]!);
    const m = chooser.choose(s, ws, we, tolerance);
    const own = -s - 1;
    let cursor = we;
    for (let k = 0; k < m; k++) {
      const a = chooser.chosenStart[k]!;
      const e = chooser.chosenEnd[k]!;
      if (e < cursor) tasks.push(own, e, cursor);
      tasks.push(chooser.chosen[k]!, a, e);
      if (chooser.chosenSkewed[k] === 1 && e > lo && a < hi) adjustments++;
      cursor = a;
    }
    if (ws < cursor) tasks.push(own, ws, cursor);
  }
  return adjustments;
}

/**
 * The critical path of a trace: the chain of work that decided when the
 * top span (a root, or the top of an orphan subtree) finished.
 *
 * Definition. Walk back from the end of the top span. Within a span, the
 * last-finishing child is on the path; going back from it, a sibling is on
 * the path if it ends at or before the start of the sibling chosen after it.
 * Each chosen child is walked the same way, within the window it occupies
 * on the path. A span's time not covered by its chosen children is its
 * exclusive critical-path time; laid end to end, those pieces (segments)
 * tile the window exactly.
 *
 *   sequential     root |=========================|
 *                  a       |===|                       path: root a root b root c root
 *                  b               |===|
 *                  c                       |===|
 *                  ------------------------------------
 *   parallel       root |=========================|
 *                  a       |===============|           ends last: on
 *                  b       |==========|                ends after a starts: off
 *                  ------------------------------------
 *   back to back   root |=========================|
 *                  a    |======|                       a ends exactly where b starts:
 *                  b           |======|                a, b, root
 *                  ------------------------------------
 *   nested         root |=========================|
 *                  a       |===================|       root, a, x, a, root
 *                  x           |=========|
 *
 * Clipping. A child is cut to the window its parent occupies on the path;
 * a child sharing no time with it is off the path. A child sharing no time
 * with its own parent (or only touching its edge, unless the child itself
 * has zero duration) is reported in `outsideParent`.
 *
 *   past the end   root |==============|
 *                  a              |=====|===|          a counts as |=====| (clipped)
 *                  ------------------------------------
 *   outside        root |==============|
 *                  z                        |===|      z: outsideParent, off the path
 *
 * Clock skew. A child overlapping the next chosen sibling by less than the
 * tolerance (skewTolerance × the parent's own duration, default 1%) still
 * counts as preceding it, unless another sibling starts or ends strictly
 * inside the overlap (siblings: synchronous children, clipped to the
 * window). On the path it ends where that sibling starts; each such choice
 * is counted in `skewAdjustments`. skewTolerance 0 turns it off.
 *
 *   tolerated      root |=========================|    a 100-505, b 500-900 in root 0-1000
 *                  a       |==========|·|              overlap 5 < 10: a (to 500), then b
 *                  b                  |=========|
 *                  ------------------------------------
 *   not tolerated  a       |==========|··|             d 200-503 ends inside a's overlap: a is off;
 *                  d          |=======|·|              d's own overlap holds no start or end:
 *                  b                  |=========|      d (to 500), then b
 *
 * Orphans. A span whose parent is missing heads its own subtree; it gets a
 * path of its own, with `orphan: true`.
 *
 *   root    |==============|                           path 1
 *   orphan          |==============|                   path 2, orphan: its parent is not in the data
 *
 * Asynchronous work does not block its caller (isAsyncChild): FOLLOWS_FROM
 * children, CONSUMER children of PRODUCERs and spans reached only through
 * links are never on the caller's path, and are neither clipped nor reported
 * as outside.
 *
 *   root       |==============|                        path: root, p, root
 *   p             |==|                                 PRODUCER
 *   c                    |==============|              CONSUMER under p: off (so is a FOLLOWS_FROM child)
 *
 * With `followAsync` the path measures end-to-end completion instead: it
 * follows the hand-off, from a span on the path, whose async work completes
 * last (when that is after the top's end), through a 'queue' segment for the
 * wait (its `span` is the consumer), into the consumer's own path, and on;
 * follow-async.ts defines exactly which work is followed and where:
 *
 *   root       |==============|
 *   p             |==|                                 hands off at its end
 *   c                    |==============|              child of p, or linking to p
 *   path       |r-|p-|···|c-------------|              window: root.start … c.end
 *
 * Without followAsync the window is exactly [top.start, top.end]. Always:
 * the sum of `exclusive` plus `queueNs` is the window's length.
 *
 * Ties and zero durations. Candidates are compared on their clipped window:
 * the later end wins, then the later start, then the higher span index. A
 * zero-duration child inside the window is a candidate like any other (it
 * adds no time). Pieces of zero length are not segments; a window of length
 * zero is one zero-length segment of the top.
 *
 *   zero duration  root |=============|
 *                  a    |======|                       x (zero length, at a's end) and a
 *                  x           |                       both precede b: b, x, a
 *                  b           |======|
 *
 * Everything is iterative (explicit stacks) and works on typed arrays, so a
 * million-span trace, a chain 100k deep or 100k children of one span cost a
 * pass over the spans involved.
 */
import type { TraceTree } from '../model/trace-tree.js';
import { isAsyncChild } from '../model/edges.js';
import { planAsyncChain } from './follow-async.js';
import { SegmentCollector } from './segment-collector.js';
import { walkSyncPath, type PathSink } from './sync-walk.js';
import type { CriticalPath, CriticalPathOptions, ExclusiveTime, OperationTime } from './types.js';
import { workspaceFor } from './workspace.js';

export type { CriticalPath, CriticalPathOptions, ExclusiveTime, OperationTime, Segment } from './types.js';

export const DEFAULT_SKEW_TOLERANCE = 0.01;

/** The critical path of the subtree under `top` (normally a root or orphan top from tree.tops). */
export function criticalPath(tree: TraceTree, top: number, options: CriticalPathOptions = {}): CriticalPath {
  const ws = workspaceFor(tree);
  const { table } = tree;
  const skew = Math.max(0, options.skewTolerance ?? DEFAULT_SKEW_TOLERANCE) || 0;
  const collector = new SegmentCollector(ws.slot);
  const sink: PathSink = { own: (span, from, to) => collector.add(span, from, to, 'span') };
  const start = table.start[top]!;
  let end = Math.max(start, table.end[top]!);
  let skewAdjustments = 0;

  if (!options.followAsync) {
    skewAdjustments = walkSyncPath(tree, ws.chooser, ws.tasks, top, skew, start, end, sink);
  } else {
    const chain = planAsyncChain(ws, top, skew);
    end = chain.end;
    // Each unit's path is kept from where the previous pieces reached (t) to its hand-off.
    let t = start;
    for (let k = 0; k < chain.units.length; k++) {
      const unit = chain.units[k]!;
      const hi = k < chain.handoff.length ? chain.handoff[k]! : end;
      if (hi > t) {
        skewAdjustments += walkSyncPath(tree, ws.chooser, ws.tasks, unit, skew, t, hi, sink);
        t = hi;
      }
      if (k === chain.handoff.length) break;
      const next = chain.units[k + 1]!;
      const consumerStart = table.start[next]!;
      if (consumerStart > t) {
        collector.add(next, t, consumerStart, 'queue');
        t = consumerStart;
      }
    }
  }
  collector.finish();

  const segments = collector.segments;
  if (segments.length === 0) segments.push({ span: top, start, end, kind: 'span' });
  return {
    trace: tree.traceOf[top]!,
    top,
    orphan: tree.parentMissing[top] === 1,
    start,
    end,
    segments,
    exclusive: collector.exclusive,
    byOperation: options.summaries === false ? [] : byOperation(tree, collector.exclusive),
    skewAdjustments,
    outsideParent: options.summaries === false ? [] : outsideParent(tree, top),
    queueNs: collector.queueNs,
  };
}

/** The critical path of every top (roots, then orphans) of every trace, in trace order. */
export function criticalPaths(tree: TraceTree, options: CriticalPathOptions = {}): CriticalPath[] {
  const paths: CriticalPath[] = [];
  for (let t = 0; t < tree.traceCount; t++) for (const top of tree.tops(t)) paths.push(criticalPath(tree, top, options));
  return paths;
}

function byOperation(tree: TraceTree, exclusive: readonly ExclusiveTime[]): OperationTime[] {
  const { service, name } = tree.table;
  const byService = new Map<string, Map<string, OperationTime>>();
  const rows: OperationTime[] = [];
  for (const { span, ns } of exclusive) {
    let ops = byService.get(service[span]!);
    if (!ops) byService.set(service[span]!, (ops = new Map()));
    const row = ops.get(name[span]!);
    if (row) row.exclusiveNs += ns;
    else {
      const added = { service: service[span]!, operation: name[span]!, exclusiveNs: ns };
      ops.set(name[span]!, added);
      rows.push(added);
    }
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => b.exclusiveNs - a.exclusiveNs || order(a.service, b.service) || order(a.operation, b.operation));
}

/** Synchronous children anywhere under `top` that share no time with their parent (same test as ChildChooser's, on the parent's own window). */
function outsideParent(tree: TraceTree, top: number): number[] {
  const { table, childStart, childList } = tree;
  const { start, end } = table;
  const found: number[] = [];
  const stack = [top];
  while (stack.length > 0) {
    const p = stack.pop()!;
    const ps = start[p]!;
    const pe = Math.max(ps, end[p]!);
    for (let k = childStart[p]!; k < childStart[p + 1]!; k++) {
      const c = childList[k]!;
      stack.push(c);
      if (isAsyncChild(table, c, p)) continue;
      const cs = start[c]!;
      const ce = Math.max(cs, end[c]!);
      const a = cs > ps ? cs : ps;
      const b = ce < pe ? ce : pe;
      if (a > b || (a === b && ce > cs)) found.push(c);
    }
  }
  return found.sort((a, b) => a - b);
}

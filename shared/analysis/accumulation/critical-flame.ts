/**
 * An aggregate critical-path flame graph for a dataset (the picture of
 * Uber's CRISP): every trace's critical path cut into call paths, the call
 * paths merged across traces, each frame as wide as the exclusive
 * critical-path time spent in it over all the selected traces. One picture
 * shows which call chains decide end-to-end latency.
 *
 *   trace 1, 100 ms                             trace 2, 60 ms
 *   gateway GET /checkout |====================|  gateway GET /checkout |============|
 *   order   place           |================|      order   place          |========|
 *   pg      SELECT ×3         |=|=|=|                 payment charge           |===|
 *   payment charge                   |======|
 *   exclusive on the path: gateway 10, order 20,  gateway 10, order 20, payment 30
 *                          pg 3 × 10, payment 40
 *
 *   merged (width = summed exclusive critical-path time, 160 ms):
 *   |all traces                                                              160|
 *   |gateway GET /checkout                                  160, self 20, 2 traces|
 *     |order place                                        140, self 40, 2 traces|
 *       |payment charge  70, 2 traces      |pg SELECT 30, 1 trace|
 *                                           (virtual: no server span answers;
 *                                            the loop's 3 calls are one frame)
 *
 * Frames. A frame is a call path: the (service, operation) pairs from the
 * path's top span down to a span, following tree.parent. The service is the
 * one the attribution index gives the span (hop-attribution.ts): a CLIENT
 * span answered by an instrumented server is attributed to the callee (its
 * uncovered time is the hop into the callee), an unanswered CLIENT span with
 * a peer to a virtual service named from the peer. Identical call paths
 * merge across traces, and so do siblings with the same (service,
 * operation) within a trace: an N+1 loop becomes one wide frame. A frame's
 * `traces` counts the selected traces whose critical path passes through it
 * (spans on the path with no exclusive time of their own count too).
 *
 * Which paths. Root paths only (an orphan subtree is a partial request),
 * and only windows of positive length. `slowest: f` keeps the ceil(f × n)
 * longest (at least one when there are any; ties: lower trace, then lower
 * top first); `thresholdNs` is the shortest path kept.
 *
 * Queue segments (followAsync paths only) are kept, so the root is always
 * exactly the summed length of the selected paths: the wait becomes a frame
 * with operation '(queue)' and the consumer's service, a sibling of the
 * consumer's frame (under the frame of the consumer's parent).
 *
 * Asynchronous work outside the top's subtree (a consumer in another trace,
 * reached through a link): its subtree's call paths hang under the frame of
 * the span on the path just before the hand-off (the producer, usually), so
 * producer → consumer reads as one call chain. A CONSUMER child of a
 * PRODUCER needs no rule: it is in the subtree already.
 *
 * Size. With more than `maxFrames` frames below the root (default 5,000),
 * the largest frames are kept (by totalNs, which never grows going down, so
 * the kept frames always include their ancestors) and every kept frame that
 * lost children gets one '(other)' child (service '') holding their summed
 * time as its own: widths add up as before, and '(other)' counts the traces
 * that passed through any frame folded into it. Kept frames and '(other)'
 * frames together are at most maxFrames.
 *
 * Cost: O(P log P) to choose the paths, then one pass over their segments.
 * Each span's frame is memoised for the path being walked, so a span's
 * ancestor chain is walked once per path, up to the first ancestor already
 * known: O(segments + spans on the paths) map lookups in all, whatever the
 * depth (iterative; chains 100k deep are fine). Frames live in flat arrays
 * and become FlameFrame objects at the end, after folding.
 */
import type { TraceTree } from '../model/trace-tree.js';
import { attributionIndex, type AttributionIndex } from './attribution-index.js';
import type { PathInput } from './path-input.js';
import { foldDropped, keepHeaviest } from '../model/fold-frames.js';

export interface FlameFrame {
  /** The service the time is attributed to (virtual callees by their peer name); '' for the root and '(other)'. */
  service: string;
  /** The span name; 'all traces' for the root, '(queue)' for queue waits, '(other)' for folded frames. */
  operation: string;
  virtual: boolean;
  /** Exclusive critical-path time in this frame, summed over the selected traces. */
  selfNs: number;
  /** selfNs plus the children's totalNs. */
  totalNs: number;
  /** Selected traces whose critical path passes through this frame. */
  traces: number;
  /** By totalNs descending, then service, then operation. */
  children: FlameFrame[];
}

export interface CriticalFlame {
  /** service '', operation 'all traces', selfNs 0; totalNs = the summed length of the selected paths. */
  root: FlameFrame;
  /** How many paths (traces) were selected. */
  traces: number;
  /** The shortest critical path included (0 when none). */
  thresholdNs: number;
}

export interface CriticalFlameOptions {
  /** Fraction 0 < f ≤ 1 of the root paths to keep, slowest first. Default 1: all. */
  slowest?: number;
  /** attributionIndex(tree), when the caller has it already (it costs a pass over every span). */
  index?: AttributionIndex;
  /** Most frames below the root before the smallest are folded into '(other)'. Default 5,000. */
  maxFrames?: number;
}

export const DEFAULT_MAX_FRAMES = 5_000;
export const ROOT_OPERATION = 'all traces';
export const QUEUE_OPERATION = '(queue)';
export const OTHER_OPERATION = '(other)';

export function criticalFlame(tree: TraceTree, paths: readonly PathInput[], options: CriticalFlameOptions = {}): CriticalFlame {
  const slowest = options.slowest ?? 1;
  if (!(slowest > 0 && slowest <= 1)) throw new RangeError(`slowest must be in (0, 1], got ${slowest}`);
  const maxFrames = Math.max(1, Math.floor(options.maxFrames ?? DEFAULT_MAX_FRAMES));
  const selected = slowestPaths(paths, slowest);
  const builder = new FrameTable(tree, options.index ?? attributionIndex(tree));
  for (const path of selected) builder.add(path);
  const thresholdNs = selected.reduce((min, p) => Math.min(min, p.end - p.start), Infinity);
  return {
    root: builder.finish(maxFrames, selected.length),
    traces: selected.length,
    thresholdNs: selected.length > 0 ? thresholdNs : 0,
  };
}

/** Root paths of positive length; the ceil(f × n) longest of them when f < 1. */
export function slowestPaths(paths: readonly PathInput[], fraction: number): PathInput[] {
  const roots = paths.filter((p) => !p.orphan && p.end > p.start);
  if (fraction >= 1 || roots.length === 0) return roots;
  // The small allowance keeps 0.3 × 10 (= 3.0000000000000004 in floating point) at 3.
  const keep = Math.min(roots.length, Math.max(1, Math.ceil(fraction * roots.length - 1e-6)));
  roots.sort((a, b) => b.end - b.start - (a.end - a.start) || a.trace - b.trace || a.top - b.top);
  return roots.slice(0, keep);
}

const ROOT = 0;

/** Frames in flat arrays; frame ids grow as frames are created, so a parent's id is always below its children's. */
class FrameTable {
  private readonly parent: number[] = [-1];
  private readonly key: number[] = [-1];
  private readonly self: number[] = [0];
  private readonly traces: number[] = [0];
  /** The last path that touched each frame (its `traces` is counted once per path). */
  private readonly frameStamp: number[] = [-1];
  /** (parent frame, key) → child frame. */
  private readonly childOf = new Map<number, number>();
  /** Keys: operation ids of the index, then one '(queue)' key per service. */
  private readonly keySpace: number;
  private readonly operationCount: number;

  /** Per span, its frame in the path being walked (valid where spanStamp = that path's number). */
  private readonly spanFrame: Int32Array;
  private readonly spanStamp: Int32Array;
  private readonly chain: number[] = [];

  /** Every (path, frame) first touch, path after path: for the '(other)' traces when folding. */
  private touched = new Int32Array(1024);
  private touchedLength = 0;
  private readonly pathEnds: number[] = [];

  private pathNo = -1;
  private top = -1;
  /** The frame of the last 'span' segment: where work reached through a link hangs. */
  private handoffFrame = ROOT;

  constructor(
    private readonly tree: TraceTree,
    private readonly index: AttributionIndex,
  ) {
    this.operationCount = index.operations.length;
    this.keySpace = index.operations.length + index.services.length;
    this.spanFrame = new Int32Array(tree.table.size);
    this.spanStamp = new Int32Array(tree.table.size).fill(-1);
  }

  add(path: PathInput): void {
    this.pathNo++;
    this.top = path.top;
    this.handoffFrame = ROOT;
    for (const seg of path.segments) {
      const ns = seg.end - seg.start;
      if (seg.kind === 'queue') {
        const consumer = seg.span;
        const p = this.tree.parent[consumer]!;
        const base = p >= 0 ? this.frameOfSpan(p) : consumer === this.top ? ROOT : this.handoffFrame;
        const frame = this.child(base, this.operationCount + this.index.serviceOf[consumer]!);
        this.self[frame]! += ns;
      } else {
        const frame = this.frameOfSpan(seg.span);
        this.self[frame]! += ns;
        this.handoffFrame = frame;
      }
    }
    this.pathEnds.push(this.touchedLength);
  }

  /** The frame of `span` in this path: walk up to the first ancestor with a known frame (or a top), then down creating frames. */
  private frameOfSpan(span: number): number {
    const { parent } = this.tree;
    const chain = this.chain;
    chain.length = 0;
    let x = span;
    let base: number;
    for (;;) {
      if (this.spanStamp[x] === this.pathNo) {
        base = this.spanFrame[x]!;
        break;
      }
      chain.push(x);
      // The path's top heads its call paths even when it has a parent (a path computed for an inner span).
      if (x === this.top) {
        base = ROOT;
        break;
      }
      const p = parent[x]!;
      if (p < 0) {
        base = this.handoffFrame;
        break;
      }
      x = p;
    }
    let frame = base;
    for (let k = chain.length - 1; k >= 0; k--) {
      const s = chain[k]!;
      frame = this.child(frame, this.index.operationOf[s]!);
      this.spanFrame[s] = frame;
      this.spanStamp[s] = this.pathNo;
    }
    return frame;
  }

  /** The child of `frame` for `key` (created when new), marked as touched by the current path. */
  private child(frame: number, key: number): number {
    const mapKey = frame * this.keySpace + key;
    let c = this.childOf.get(mapKey);
    if (c === undefined) {
      c = this.parent.length;
      this.childOf.set(mapKey, c);
      this.parent.push(frame);
      this.key.push(key);
      this.self.push(0);
      this.traces.push(0);
      this.frameStamp.push(-1);
    }
    if (this.frameStamp[c] !== this.pathNo) {
      this.frameStamp[c] = this.pathNo;
      this.traces[c]!++;
      if (this.touchedLength === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.touchedLength++] = c;
    }
    return c;
  }

  finish(maxFrames: number, pathCount: number): FlameFrame {
    const n = this.parent.length;
    const { parent, self } = this;
    const total = Float64Array.from(self);
    for (let f = n - 1; f > ROOT; f--) total[parent[f]!]! += total[f]!;
    const kept = keepHeaviest(this.parent, total, maxFrames);

    // '(other)' per kept frame with dropped children: their totals (a dropped child's total holds its subtree's), and the traces through them.
    const { hasOther, otherTraces } = foldDropped(parent, kept, this.touched, this.pathEnds);
    const otherNs = new Float64Array(n);
    for (let f = 1; f < n; f++) if (!kept[f] && kept[parent[f]!]) otherNs[parent[f]!]! += total[f]!;

    const frames: (FlameFrame | undefined)[] = new Array<FlameFrame | undefined>(n);
    const root: FlameFrame = {
      service: '',
      operation: ROOT_OPERATION,
      virtual: false,
      selfNs: 0,
      totalNs: total[ROOT]!,
      traces: pathCount,
      children: [],
    };
    frames[ROOT] = root;
    for (let f = 1; f < n; f++) {
      if (!kept[f]) continue;
      const frame: FlameFrame = {
        ...this.describe(this.key[f]!),
        selfNs: self[f]!,
        totalNs: total[f]!,
        traces: this.traces[f]!,
        children: [],
      };
      frames[f] = frame;
      frames[parent[f]!]!.children.push(frame);
    }
    for (let f = 0; f < n; f++) {
      const frame = frames[f];
      if (!frame) continue;
      if (hasOther[f]) {
        const ns = otherNs[f]!;
        frame.children.push({
          service: '',
          operation: OTHER_OPERATION,
          virtual: false,
          selfNs: ns,
          totalNs: ns,
          traces: otherTraces[f]!,
          children: [],
        });
      }
      if (frame.children.length > 1) frame.children.sort(byWidth);
    }
    return root;
  }

  private describe(key: number): { service: string; operation: string; virtual: boolean } {
    const { index } = this;
    if (key >= this.operationCount) {
      const service = index.services[key - this.operationCount]!;
      return { service: service.name, operation: QUEUE_OPERATION, virtual: service.virtual };
    }
    const op = index.operations[key]!;
    const service = index.services[op.service]!;
    return { service: service.name, operation: op.name, virtual: service.virtual };
  }
}

function byWidth(a: FlameFrame, b: FlameFrame): number {
  return b.totalNs - a.totalNs || compare(a.service, b.service) || compare(a.operation, b.operation);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

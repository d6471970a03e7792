/**
 * How latency accumulates hop by hop along a trace's critical path: the
 * "5 hops × 100 ms = 500 ms" picture.
 *
 *   time →      0        100       200       300       400       500
 *   gateway     |==|                                             |==|
 *   order          |==|                                       |==|
 *   inventory         |====|                             |====|
 *   payment                |======|               |======|
 *   provider                      |===============|
 *
 *   hops:  gateway → order → inventory → payment → provider → payment → …
 *
 * A hop is a maximal run of critical-path time that belongs to one service
 * (hop-attribution.ts): its own spans' time, the network/proxy overhead of
 * the call into it (the CLIENT span's time its SERVER child does not cover),
 * and any queue delay before it (asynchronous paths). Going down a chain and
 * coming back up visits a service twice, so it appears as two hops; the
 * running total after the last hop is the path's whole window.
 */
import type { TraceTree } from '../model/trace-tree.js';
import { attributeSpanTime } from './hop-attribution.js';
import type { PathInput } from './path-input.js';

export interface Hop {
  service: string;
  /** A callee with no spans of its own (named from the calling span's peer attributes). */
  virtual: boolean;
  /** The first span whose time is in this hop. */
  span: number;
  startNs: number;
  selfNs: number;
  overheadNs: number;
  queueNs: number;
  totalNs: number;
  /** Critical-path time from the window's start to the end of this hop. */
  runningNs: number;
}

export function latencyHops(tree: TraceTree, path: PathInput): Hop[] {
  const hops: Hop[] = [];
  let pendingQueue = 0;
  let running = 0;
  for (const seg of path.segments) {
    const ns = seg.end - seg.start;
    running += ns;
    if (seg.kind === 'queue') {
      // Waiting in a queue is paid on the way into the consumer that follows.
      pendingQueue += ns;
      continue;
    }
    const where = attributeSpanTime(tree, seg.span);
    let hop = hops[hops.length - 1];
    if (!hop || hop.service !== where.service || pendingQueue > 0) {
      hop = {
        service: where.service,
        virtual: where.virtual,
        span: seg.span,
        startNs: seg.start - pendingQueue,
        selfNs: 0,
        overheadNs: 0,
        queueNs: pendingQueue,
        totalNs: pendingQueue,
        runningNs: running - ns,
      };
      pendingQueue = 0;
      hops.push(hop);
    }
    if (where.role === 'overhead') hop.overheadNs += ns;
    else hop.selfNs += ns;
    hop.totalNs += ns;
    hop.runningNs = running;
  }
  if (pendingQueue > 0) {
    // A path that ends waiting (no consumer reached): the wait is a hop of its own.
    const last = path.segments[path.segments.length - 1]!;
    hops.push({
      service: '(queue)',
      virtual: true,
      span: last.span,
      startNs: last.start,
      selfNs: 0,
      overheadNs: 0,
      queueNs: pendingQueue,
      totalNs: pendingQueue,
      runningNs: running,
    });
  }
  return hops;
}

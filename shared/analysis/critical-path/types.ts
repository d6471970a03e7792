/**
 * What a critical path is made of. The definition itself (which spans are on
 * the path, skew tolerance, asynchronous work) is written down in
 * critical-path.ts.
 */

export interface CriticalPathOptions {
  /**
   * How far (as a fraction of the parent span's own duration) a child may
   * overlap the next child on the path and still count as preceding it.
   * Default 0.01 (1%); 0 turns the tolerance off.
   */
  skewTolerance?: number;
  /**
   * Follow asynchronous hand-offs (FOLLOWS_FROM children, CONSUMER children
   * of PRODUCERs, consumers linking to a span) to measure end-to-end
   * completion. Default false: the path covers exactly the top span.
   */
  followAsync?: boolean;
  /**
   * Default true. False leaves `byOperation` and `outsideParent` empty: a
   * caller that aggregates thousands of paths itself (the dataset analysis)
   * does not need them, and they cost a third of the time.
   */
  summaries?: boolean;
}

/**
 * One piece of the path. 'span': time `span` spent itself, not waiting on a
 * child on the path. 'queue': time between a hand-off and the start of the
 * consumer `span` that picked the work up (only with followAsync).
 */
export interface Segment {
  span: number;
  start: number;
  end: number;
  kind: 'span' | 'queue';
}

export interface ExclusiveTime {
  span: number;
  ns: number;
}

export interface OperationTime {
  service: string;
  /** The span name (table.name). */
  operation: string;
  exclusiveNs: number;
}

export interface CriticalPath {
  trace: number;
  /** The span the path is for: a root, or the top of an orphan subtree. */
  top: number;
  /** True when the top's parent is missing from the data. */
  orphan: boolean;
  /** The window the segments tile: the top's start … the top's end (or, with followAsync, the last completion reached). */
  start: number;
  end: number;
  /**
   * Contiguous, in time order, first.start = start, last.end = end; every
   * segment has positive length, except the single segment of a window of
   * length zero.
   */
  segments: Segment[];
  /** Exclusive critical-path time of each span with some, in order of first appearance on the path. */
  exclusive: ExclusiveTime[];
  /** `exclusive` summed per (service, operation), largest first (ties by service, then operation). */
  byOperation: OperationTime[];
  /** How many times the skew tolerance let a child onto the path that would otherwise have been left off. */
  skewAdjustments: number;
  /** Children in the top's tree that share no time with their parent (ascending span index); they are never on the path. */
  outsideParent: number[];
  /** Total length of the 'queue' segments. Sum of `exclusive` + queueNs = end - start. */
  queueNs: number;
}

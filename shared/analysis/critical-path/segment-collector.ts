/**
 * Collects a path's pieces, in time order, into segments and exclusive times.
 *
 *   pieces    |top|  |top|a|     two pieces of one span that touch…
 *   segments  |top---|a|         …become one segment (a zero-length child between them left no trace)
 *
 * Exclusive time is summed per span through `slot` (span → 1 + its position
 * in `exclusive`), a table-sized array shared between calls and cleared
 * again by `finish`, so a path of a million spans needs no Map.
 */
import type { ExclusiveTime, Segment } from './types.js';

export class SegmentCollector {
  readonly segments: Segment[] = [];
  readonly exclusive: ExclusiveTime[] = [];
  queueNs = 0;

  constructor(private readonly slot: Int32Array) {}

  add(span: number, start: number, end: number, kind: Segment['kind']): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.span === span && last.kind === kind && last.end === start) last.end = end;
    else this.segments.push({ span, start, end, kind });
    if (kind === 'queue') {
      this.queueNs += end - start;
      return;
    }
    const at = this.slot[span]!;
    if (at > 0) this.exclusive[at - 1]!.ns += end - start;
    else {
      this.exclusive.push({ span, ns: end - start });
      this.slot[span] = this.exclusive.length;
    }
  }

  /** Clears the shared slots; call once the path is complete. */
  finish(): void {
    for (const e of this.exclusive) this.slot[e.span] = 0;
  }
}

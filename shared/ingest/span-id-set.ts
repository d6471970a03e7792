/**
 * The (trace id, span id) pairs already loaded into a dataset, for rejecting
 * duplicates. Nested by trace: looking up two short strings whose hashes V8
 * keeps is several times faster than building and hashing a joined key per
 * span (measured: 1M spans, 0.7 s → 0.1–0.2 s).
 */
export class SpanIdSet {
  private readonly byTrace = new Map<string, Set<string>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the pair; false when it was already there. */
  add(traceId: string, spanId: string): boolean {
    let spans = this.byTrace.get(traceId);
    if (spans === undefined) {
      spans = new Set();
      this.byTrace.set(traceId, spans);
    } else if (spans.has(spanId)) {
      return false;
    }
    spans.add(spanId);
    this.count++;
    return true;
  }

  has(traceId: string, spanId: string): boolean {
    return this.byTrace.get(traceId)?.has(spanId) ?? false;
  }

  /** The pairs as two parallel columns (to send to a worker). */
  toColumns(): { traceIds: string[]; spanIds: string[] } {
    const traceIds: string[] = [];
    const spanIds: string[] = [];
    for (const [traceId, spans] of this.byTrace) {
      for (const spanId of spans) {
        traceIds.push(traceId);
        spanIds.push(spanId);
      }
    }
    return { traceIds, spanIds };
  }

  static fromColumns(traceIds: readonly string[], spanIds: readonly string[]): SpanIdSet {
    const set = new SpanIdSet();
    for (let i = 0; i < traceIds.length; i++) set.add(traceIds[i]!, spanIds[i]!);
    return set;
  }
}

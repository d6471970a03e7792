/**
 * The load report: what happened to every span read from one file.
 * Invariant: spansRead === spansLoaded + sum(rejected[].count).
 */
export type FormatId = 'otlp-json' | 'otlp-jsonl' | 'otlp-proto' | 'jaeger-json' | 'zipkin-json';
export type Compression = 'none' | 'gzip' | 'zstd';

export type RejectReason = 'no trace id' | 'no span id' | 'bad timestamp' | 'end before start' | 'duplicate span' | 'not a span object';

export interface Problem {
  reason: RejectReason;
  count: number;
  /** The first offending span (its ids or a short excerpt) so the user can find it. */
  example: string;
}

/** Why reading stopped early: the file is truncated or corrupt after `byteOffset`. */
export interface ReadFailure {
  message: string;
  /** Offset in the (decompressed) content where reading stopped; everything before it was loaded. */
  byteOffset: number;
}

export interface FileLoadReport {
  path: string;
  format: FormatId | null;
  compression: Compression;
  bytesRead: number;
  spansRead: number;
  spansLoaded: number;
  rejected: Problem[];
  /** Spans kept although their parent is not in the dataset (counted after the whole load). */
  missingParent: number;
  /** Set when the file could not be read to its end; null when it was read completely. */
  failure: ReadFailure | null;
  /** Non-fatal remarks: e.g. corrupt JSON lines skipped, spans with no duration. */
  warnings: string[];
}

export function rejectedCount(report: FileLoadReport): number {
  return report.rejected.reduce((sum, p) => sum + p.count, 0);
}

/** Collects rejections by reason, keeping the first example of each. */
export class ProblemCounter {
  private readonly byReason = new Map<RejectReason, Problem>();

  add(reason: RejectReason, example: string): void {
    const seen = this.byReason.get(reason);
    if (seen) seen.count++;
    else this.byReason.set(reason, { reason, count: 1, example });
  }

  get total(): number {
    let sum = 0;
    for (const p of this.byReason.values()) sum += p.count;
    return sum;
  }

  list(): Problem[] {
    return [...this.byReason.values()].sort((a, b) => b.count - a.count);
  }
}

/**
 * Format-independent checks every span passes before it is stored. A span
 * that fails is counted under its reason, never dropped silently.
 */
import { ProblemCounter } from '../model/load-report.js';
import type { Span } from '../model/span.js';
import type { SpanIdSet } from './span-id-set.js';

export class SpanValidator {
  readonly problems = new ProblemCounter();
  loaded = 0;

  /** `seen` holds the spans already loaded into the same dataset, by this load or earlier ones. */
  constructor(private readonly seen: SpanIdSet) {}

  check(span: Span): boolean {
    if (!span.traceId) return this.reject('no trace id', span);
    if (!span.spanId) return this.reject('no span id', span);
    if (span.endNs < span.startNs) return this.reject('end before start', span);
    if (!this.seen.add(span.traceId, span.spanId)) return this.reject('duplicate span', span);
    this.loaded++;
    return true;
  }

  private reject(reason: Parameters<ProblemCounter['add']>[0], span: Span): false {
    const ids = `trace ${span.traceId || '(none)'} span ${span.spanId || '(none)'} "${span.name}"`;
    this.problems.add(reason, reason === 'end before start' ? `${ids} starts ${span.startNs} ends ${span.endNs}` : ids);
    return false;
  }
}

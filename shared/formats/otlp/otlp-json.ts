/**
 * OTLP JSON: an ExportTraceServiceRequest, JSON lines of them (the
 * Collector's file exporter), a JSON array of them, or the Jaeger v2 query
 * response {"result": {"resourceSpans": [...]}}.
 */
import { isObject, type JsonTraceReader, type SpanOutput } from '../reader.js';
import { readResourceSpans } from './otlp-spans.js';

export function createOtlpJsonReader(out: SpanOutput): JsonTraceReader {
  return {
    accept(path, value) {
      if (path === 'resourceSpans[]' || path === 'result.resourceSpans[]') {
        readResourceSpans(value, out);
      } else if (path === '[]') {
        // An array of requests.
        const list = isObject(value) ? value.resourceSpans : undefined;
        if (Array.isArray(list)) for (const rs of list) readResourceSpans(rs, out);
      }
      // Everything else in the envelope (partialSuccess, error, ...) carries no spans.
    },
    finish() {},
  };
}

/** The JSON readers by flavour, and the format id each reports. */
import type { FormatId } from '../model/load-report.js';
import { createJaegerJsonReader } from './jaeger/jaeger-json.js';
import { createOtlpJsonReader } from './otlp/otlp-json.js';
import type { JsonTraceReader, SpanOutput } from './reader.js';
import type { JsonFlavour } from './sniff.js';
import { createZipkinJsonReader } from './zipkin/zipkin-json.js';

export function readerFor(flavour: JsonFlavour, out: SpanOutput): JsonTraceReader {
  switch (flavour) {
    case 'otlp':
      return createOtlpJsonReader(out);
    case 'jaeger':
      return createJaegerJsonReader(out);
    case 'zipkin':
      return createZipkinJsonReader(out);
  }
}

/** OTLP JSON with more than one top-level value is JSON lines (the Collector's file exporter). */
export function jsonFormatId(flavour: JsonFlavour, documents: number): FormatId {
  if (flavour === 'otlp') return documents > 1 ? 'otlp-jsonl' : 'otlp-json';
  return flavour === 'jaeger' ? 'jaeger-json' : 'zipkin-json';
}

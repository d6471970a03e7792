/**
 * A small OTLP JSON trace whose names and attribute values are markup, to
 * check that every export escapes text from traces: a span named
 * `<img src=x onerror=alert(1)>` under a service named `<script>…</script>`,
 * called by a gateway whose root span has the same name (so the map has an
 * edge, the trace a path, and the name shows in the text of a report).
 */
export const MARKUP_SPAN = '<img src=x onerror=alert(1)>';
export const MARKUP_SERVICE = '<script>alert("svc")</script>';
export const MARKUP_TRACE_ID = '5b8efff798038103d269b633813fc60c';

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

export function markupTraceJson(): string {
  const t0 = 1_700_000_000_000_000_000n;
  const span = (spanId: string, parentSpanId: string, name: string, kind: number, start: number, end: number) => ({
    traceId: MARKUP_TRACE_ID,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind,
    startTimeUnixNano: String(t0 + BigInt(start) * 1_000_000n),
    endTimeUnixNano: String(t0 + BigInt(end) * 1_000_000n),
    attributes: [attr('note', '<b onmouseover=alert(2)>x</b> & "quotes" | pipes | `ticks`')],
    status: {},
  });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'gateway')] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              span('a1a1a1a1a1a1a1a1', '', MARKUP_SPAN, 2, 0, 120),
              span('a2a2a2a2a2a2a2a2', 'a1a1a1a1a1a1a1a1', 'call evil', 3, 10, 110),
            ],
          },
        ],
      },
      {
        resource: { attributes: [attr('service.name', MARKUP_SERVICE)] },
        scopeSpans: [{ scope: { name: 'test' }, spans: [span('b1b1b1b1b1b1b1b1', 'a2a2a2a2a2a2a2a2', MARKUP_SPAN, 2, 15, 105)] }],
      },
    ],
  });
}

/**
 * Everything about the selected span: what the trace view computed (times,
 * self and critical-path time, hotspot marks) at once, and what only the
 * database holds (attributes, resource, events, links) as it arrives.
 * A link to a span of a loaded trace goes there.
 */
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import type { SpanDetails, TraceDetail } from '../../../shared/engine/views-api.js';
import { formatNs } from '../../../shared/text/units.js';
import { useAsync } from '../../use-async.js';

interface Props {
  engine: HopscopeEngine;
  detail: TraceDetail;
  span: number;
  onClose(): void;
  onOpenLink(traceId: string, spanId: string): void;
}

export function SpanDetailsPanel({ engine, detail, span, onClose, onOpenLink }: Props) {
  const s = detail.spans;
  const spanId = s.spanId[span]!;
  const details = useAsync(() => engine.span(detail.dataset, detail.traceId, spanId), [engine, detail.dataset, detail.traceId, spanId]);
  const marks = detail.marks.filter((m) => m.span === span);
  const duration = s.end[span]! - s.start[span]!;
  return (
    <aside className="card span-details" data-testid="span-details" data-span-id={spanId} aria-label="Span details">
      <header className="span-details-head">
        <h3>
          <span data-testid="span-details-service">{s.service[span]}</span>:{' '}
          <span data-testid="span-details-operation">{s.name[span]}</span>
        </h3>
        <button type="button" onClick={onClose} aria-label="Close span details">
          ×
        </button>
      </header>
      <dl className="kv">
        <dt>Kind</dt>
        <dd>{s.kind[span]}</dd>
        <dt>Span id</dt>
        <dd className="mono">{spanId}</dd>
        <dt>Starts at</dt>
        <dd>+{formatNs(s.start[span]!)}</dd>
        <dt>Duration</dt>
        <dd data-testid="span-details-duration">{formatNs(duration)}</dd>
        <dt>Self time</dt>
        <dd>{formatNs(s.selfNs[span]!)}</dd>
        <dt>On the critical path</dt>
        <dd data-testid="span-details-critical">{s.criticalNs[span]! > 0 ? formatNs(s.criticalNs[span]!) : 'no'}</dd>
        {s.adjusted[span] === 1 && (
          <>
            <dt>Clock</dt>
            <dd>shifted by the clock-skew adjustment</dd>
          </>
        )}
        {s.parentMissing[span] === 1 && (
          <>
            <dt>Parent</dt>
            <dd>not in the data (an orphan subtree)</dd>
          </>
        )}
      </dl>
      {marks.length > 0 && (
        <ul className="marks" data-testid="span-details-marks">
          {marks.map((m, i) => (
            <li key={i} className={`mark-${m.kind}`}>
              {m.note}
            </li>
          ))}
        </ul>
      )}
      {details.state === 'loading' && <p className="muted">Reading attributes…</p>}
      {details.state === 'failed' && <p className="problems">{details.error}</p>}
      {details.state === 'ready' && <StoredDetails details={details.value} onOpenLink={onOpenLink} />}
    </aside>
  );
}

function StoredDetails({ details: d, onOpenLink }: { details: SpanDetails; onOpenLink(traceId: string, spanId: string): void }) {
  return (
    <>
      <p className={d.statusCode === 'error' ? 'status-error' : 'muted'} data-testid="span-details-status">
        Status {d.statusCode}
        {d.statusMessage ? `: ${d.statusMessage}` : ''}
      </p>
      <Attributes title="Attributes" rows={d.attributes} testId="span-attributes" />
      <Attributes title="Resource" rows={d.resource} testId="span-resource" />
      {d.scope.name && (
        <p className="muted">
          Instrumentation: {d.scope.name}
          {d.scope.version ? ` ${d.scope.version}` : ''}
        </p>
      )}
      {d.events.length > 0 && (
        <>
          <h4>Events</h4>
          <ul className="events">
            {d.events.map((e, i) => (
              <li key={i}>
                <strong>{e.name}</strong> <span className="muted">+{formatNs(Number(e.timeNs - d.startNs))}</span>
                {Object.keys(e.attributes).length > 0 && <pre className="mono">{JSON.stringify(e.attributes, null, 1)}</pre>}
              </li>
            ))}
          </ul>
        </>
      )}
      {d.links.length > 0 && (
        <>
          <h4>Links</h4>
          <ul className="links" data-testid="span-links">
            {d.links.map((l, i) => (
              <li key={i}>
                {l.followsFrom ? 'follows from ' : 'linked to '}
                {l.loaded ? (
                  <button type="button" className="link mono" onClick={() => onOpenLink(l.traceId, l.spanId)}>
                    {l.traceId.slice(0, 12)}… / {l.spanId}
                  </button>
                ) : (
                  <span className="mono" title="This trace is not in the dataset">
                    {l.traceId.slice(0, 12)}… / {l.spanId} (not loaded)
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Attributes({ title, rows, testId }: { title: string; rows: SpanDetails['attributes']; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <table className="attributes" data-testid={testId}>
        <tbody>
          {rows.map((a) => (
            <tr key={a.key}>
              <th scope="row">{a.key}</th>
              <td className="mono">{a.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

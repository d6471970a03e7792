import type { SpanMarkKind } from '../../../../shared/engine/views-api.js';
import { formatOffset } from '../../../../shared/render/flame-layout.js';
import type { FlameModel } from './flame-model.js';
import type { FlamePalette } from './flame-palette.js';

/** Room the tooltip is assumed to need when deciding which side of the pointer it goes. */
const ASSUMED_WIDTH = 320;
const ASSUMED_HEIGHT = 170;
const OFFSET = 14;

const MARK_GLYPH: Record<SpanMarkKind, string> = {
  error: '▲',
  'error-origin': '!',
  'fan-out': '⇉',
  'n-plus-one': 'N+1',
  retry: '↻',
};

interface FlameTooltipProps {
  model: FlameModel;
  palette: FlamePalette | null;
  span: number;
  /** Pointer position in the chart area, CSS pixels. */
  x: number;
  y: number;
  /** The chart area's size, to keep the tooltip inside it. */
  areaWidth: number;
  areaHeight: number;
}

/** What the pointer is on: service, operation, times, and the notes of the span's marks. */
export function FlameTooltip({ model, palette, span, x, y, areaWidth, areaHeight }: FlameTooltipProps) {
  const { spans } = model;
  const marks = model.marks.get(span) ?? [];
  const duration = model.drawEnd[span]! - spans.start[span]!;
  const criticalNs = spans.criticalNs[span]!;
  const flipX = x + OFFSET + ASSUMED_WIDTH > areaWidth && x > areaWidth / 2;
  const flipY = y + OFFSET + ASSUMED_HEIGHT > areaHeight && y > areaHeight / 2;
  const position = {
    ...(flipX ? { right: areaWidth - x + OFFSET } : { left: x + OFFSET }),
    ...(flipY ? { bottom: areaHeight - y + OFFSET } : { top: y + OFFSET }),
  };
  const swatch = palette?.service[model.serviceOf[span]!];

  return (
    <div className="chart-tooltip flame-tooltip" data-testid="flame-tooltip" role="tooltip" style={position}>
      <div className="flame-tooltip-service">
        <span className="flame-swatch" style={swatch ? { background: swatch } : undefined} />
        {spans.service[span]}
      </div>
      <div className="flame-tooltip-operation">{spans.name[span]}</div>
      <dl className="flame-tooltip-times">
        <dt>Duration</dt>
        <dd>{formatOffset(duration)}</dd>
        <dt>Self time</dt>
        <dd>{formatOffset(spans.selfNs[span]!)}</dd>
        <dt>Critical path</dt>
        <dd>{criticalNs > 0 ? formatOffset(criticalNs) : 'off the path'}</dd>
        <dt>Starts at</dt>
        <dd>{formatOffset(spans.start[span]!)}</dd>
      </dl>
      {(spans.error[span] === 1 || spans.adjusted[span] === 1 || spans.parentMissing[span] === 1) && (
        <ul className="flame-tooltip-flags">
          {spans.error[span] === 1 && <li className="flame-tooltip-error">Status: error</li>}
          {spans.adjusted[span] === 1 && <li>Moved by the clock-skew adjustment</li>}
          {spans.parentMissing[span] === 1 && <li>Parent span not in the data</li>}
        </ul>
      )}
      {marks.length > 0 && (
        <ul className="flame-tooltip-marks">
          {marks.map((m, i) => (
            <li key={i} data-mark={m.kind} className={m.kind === 'error' || m.kind === 'error-origin' ? 'flame-tooltip-error' : undefined}>
              <span className="flame-mark-glyph" aria-hidden="true">
                {MARK_GLYPH[m.kind]}
              </span>
              {m.note}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

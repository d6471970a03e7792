import { useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import type { TraceRow } from '../../../shared/engine/views-api.js';
import { formatCount } from '../../format.js';
import { useTheme } from '../../hooks/use-theme.js';
import { prepareCanvas, useContentSize, useDevicePixelRatio } from '../../hooks/canvas-env.js';
import { formatDurationNs, formatTimestampNs } from './format-duration.js';
import { drawBase, drawOverlay, readScatterColors, type ScatterColors } from './scatter-draw.js';
import {
  buildHitGrid,
  clampToPlot,
  dotPositions,
  nearestDot,
  pixelRectToBrush,
  scatterScales,
  type PlotArea,
  type ScatterScales,
} from './scatter-geometry.js';
import type { Brush } from './trace-table-model.js';

const HEIGHT = 220;
/** How far (CSS px) the pointer must move before a press becomes a drag rather than a click. */
const DRAG_THRESHOLD = 3;
/** How near (CSS px) the pointer must be to a dot to hover or open it. */
const HIT_RADIUS = 6;

interface Props {
  /** Every trace the filter matched; the brush dims, it does not remove. */
  rows: readonly TraceRow[];
  brush: Brush | null;
  onBrushChange(brush: Brush | null): void;
  onOpenTrace(traceId: string): void;
}

interface Drag {
  pointerId: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  moved: boolean;
}

/**
 * Duration (log) over start time, one dot per trace, errors in the error
 * colour. Drag a rectangle to brush; click empty space to clear the brush;
 * hover a dot for its trace, click it to open the trace.
 */
export function DurationScatter({ rows, brush, onBrushChange, onOpenTrace }: Props) {
  const wrapperRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const { width } = useContentSize(wrapperRef);
  const dpr = useDevicePixelRatio();
  const colorScheme = useTheme();
  // The drag as the handlers see it: a ref, since several pointer events can arrive before React renders the state.
  const dragRef = useRef<Drag | null>(null);
  // The same drag, for drawing.
  const [drag, setDrag] = useState<Drag | null>(null);
  const updateDrag = (next: Drag | null) => {
    dragRef.current = next;
    setDrag(next);
  };
  // The hovered dot's index, with the rows it indexes: new rows make it meaningless.
  const [hover, setHover] = useState<{ rows: readonly TraceRow[]; index: number } | null>(null);

  const scales = useMemo(() => scatterScales(rows, width, HEIGHT), [rows, width]);
  const positions = useMemo(
    () => (scales ? dotPositions(rows, scales) : { xs: new Float32Array(0), ys: new Float32Array(0) }),
    [rows, scales],
  );
  const grid = useMemo(() => buildHitGrid(positions.xs, positions.ys, width, HEIGHT), [positions, width]);
  const [colors, setColors] = useState<ScatterColors | null>(null);
  // Read again when the colour scheme flips: the CSS variables have new values then.
  useLayoutEffect(() => {
    if (baseRef.current) setColors(readScatterColors(baseRef.current));
  }, [colorScheme]);
  const hoveredRow = hover && hover.rows === rows ? hover.index : -1;
  const hoverDot = (index: number) =>
    setHover((current) => (index < 0 ? null : current?.rows === rows && current.index === index ? current : { rows, index }));

  useEffect(() => {
    const canvas = baseRef.current;
    if (!canvas || !colors || width <= 0) return;
    const context = prepareCanvas(canvas, width, HEIGHT, dpr);
    if (context) drawBase(context, { rows, scales, xs: positions.xs, ys: positions.ys, brush, colors, width, height: HEIGHT });
  }, [rows, scales, positions, brush, colors, width, dpr]);

  useEffect(() => {
    const canvas = overlayRef.current;
    if (!canvas || !colors || width <= 0) return;
    const context = prepareCanvas(canvas, width, HEIGHT, dpr);
    const dragging = drag?.moved && scales ? dragRectangle(drag, scales) : null;
    const hoveredAt = hoveredRow >= 0 ? { x: positions.xs[hoveredRow]!, y: positions.ys[hoveredRow]! } : null;
    if (context) drawOverlay(context, { scales, brush, dragging, hovered: hoveredAt, colors });
  }, [scales, brush, drag, hoveredRow, positions, colors, width, dpr]);

  const pointAt = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0 || !scales) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const { x, y } = pointAt(event);
    updateDrag({ pointerId: event.pointerId, x0: x, y0: y, x1: x, y1: y, moved: false });
    hoverDot(-1);
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const { x, y } = pointAt(event);
    const current = dragRef.current;
    if (current && current.pointerId === event.pointerId) {
      updateDrag({ ...current, x1: x, y1: y, moved: current.moved || movedFar(current, x, y) });
      return;
    }
    hoverDot(nearestDot(grid, positions.xs, positions.ys, x, y, HIT_RADIUS));
  };

  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const current = dragRef.current;
    if (!current || current.pointerId !== event.pointerId) return;
    updateDrag(null);
    if (!scales) return;
    const { x, y } = pointAt(event);
    if (current.moved || movedFar(current, x, y)) {
      onBrushChange(pixelRectToBrush(scales, current.x0, current.y0, x, y));
      return;
    }
    const hit = nearestDot(grid, positions.xs, positions.ys, x, y, HIT_RADIUS);
    const row = hit >= 0 ? rows[hit] : undefined;
    if (row) onOpenTrace(row.traceId);
    else if (brush) onBrushChange(null);
  };

  const tooltipRow = !drag && hoveredRow >= 0 ? rows[hoveredRow] : undefined;

  return (
    <div className="trace-scatter" ref={wrapperRef}>
      <canvas
        ref={baseRef}
        className="trace-scatter-canvas"
        style={{ width, height: HEIGHT }}
        role="img"
        aria-label={`Duration over start time of ${formatCount(rows.length)} traces. Drag to select an area; click a dot to open its trace.`}
        data-testid="trace-scatter"
        data-brushed={brush ? 'true' : 'false'}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => updateDrag(null)}
        onPointerLeave={() => hoverDot(-1)}
      />
      {/* Above the base, but pointer events pass through to it: the base canvas is the one tests and users act on. */}
      <canvas ref={overlayRef} className="trace-scatter-overlay" style={{ width, height: HEIGHT }} aria-hidden="true" />
      {tooltipRow && <ScatterTooltip row={tooltipRow} x={positions.xs[hoveredRow]!} y={positions.ys[hoveredRow]!} width={width} />}
    </div>
  );
}

/** Far enough from where the press began to be a drag. */
function movedFar(drag: Drag, x: number, y: number): boolean {
  return Math.abs(x - drag.x0) > DRAG_THRESHOLD || Math.abs(y - drag.y0) > DRAG_THRESHOLD;
}

/** The rectangle being dragged, in pixels, kept inside the plot. */
function dragRectangle(drag: Drag, scales: ScatterScales): PlotArea {
  const a = clampToPlot(scales.plot, drag.x0, drag.y0);
  const b = clampToPlot(scales.plot, drag.x1, drag.y1);
  return { left: Math.min(a.px, b.px), right: Math.max(a.px, b.px), top: Math.min(a.py, b.py), bottom: Math.max(a.py, b.py) };
}

const TOOLTIP_ROOM = 280;

function ScatterTooltip({ row, x, y, width }: { row: TraceRow; x: number; y: number; width: number }) {
  // On the dot's left near the right edge, and above it near the bottom, so it stays on the card.
  const horizontal = x > width - TOOLTIP_ROOM ? { right: width - x + 10 } : { left: x + 10 };
  const vertical = y > HEIGHT / 2 ? { bottom: HEIGHT - y + 10 } : { top: y + 10 };
  const style = { ...horizontal, ...vertical };
  return (
    <div className="chart-tooltip trace-scatter-tooltip" style={style} role="tooltip" data-testid="trace-scatter-tooltip">
      <div className="trace-id">{row.traceId}</div>
      <div>
        <strong>{row.rootService}</strong> {row.rootOperation}
      </div>
      <div>
        {formatDurationNs(row.durationNs)}
        {row.errors > 0 && <span className="trace-errors"> · {formatCount(row.errors)} errors</span>}
      </div>
      <div className="muted">{formatTimestampNs(row.startNs)}</div>
    </div>
  );
}

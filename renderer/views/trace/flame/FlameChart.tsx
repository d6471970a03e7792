/**
 * The trace view's flame chart: time across, call depth down, one bar per
 * span coloured by service, the critical path highlighted.
 *
 * Mouse and trackpad (the convention of Perfetto and speedscope, so a wheel
 * still scrolls a page as everywhere else):
 *   wheel up/down             scroll the rows
 *   Ctrl/⌘ + wheel, pinch     zoom around the pointer
 *   Shift + wheel, sideways   pan in time
 *   drag                      pan in time (and scroll the rows)
 *   click                     select the span (empty space: clear)
 *   double-click              zoom to the span
 *   minimap                   drag the window, or press elsewhere to centre it there
 * Keyboard, when the chart has focus:
 *   + / =  zoom in    -  zoom out    0  whole trace    ← / →  pan (Shift: further)
 *   [ or ↑  parent    ] or ↓  first child (with nothing selected: the root)
 *   Escape  clear the selection
 *
 * Drawing happens on a canvas sized for the device pixel ratio, at most once
 * per animation frame, and only for the rows in view. The canvas sticks to
 * the top of a natively scrolling box whose content is as tall as all rows,
 * so the scrollbar, wheel scrolling and scroll position are the browser's.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { TraceDetail } from '../../../../shared/engine/views-api.js';
import { formatOffset, pan, parentOf, windowAround, zoomAt, type TimeWindow } from '../../../../shared/render/flame-layout.js';
import { prepareCanvas, useContentSize, useDevicePixelRatio } from '../../../hooks/canvas-env.js';
import { useTheme } from '../../../hooks/use-theme.js';
import { drawFlame, type MeasureCache } from './draw-flame.js';
import {
  AXIS_HEIGHT,
  buildFlameModel,
  contentHeight,
  hitSpan,
  ROW_HEIGHT,
  searchMatches,
  spanRect,
  type FlameCanvasElement,
  type FlameGeometry,
  type FlameModel,
} from './flame-model.js';
import { readPalette, type FlamePalette } from './flame-palette.js';
import { FlameTooltip } from './FlameTooltip.js';
import { Minimap } from './Minimap.js';
import './flame.css';

export interface FlameChartProps {
  detail: TraceDetail;
  /** false: the critical path is highlighted (path segments in full colour across the part of each span they cover, everything else dimmed); true: every span in full colour. */
  showAll: boolean;
  /** Case-insensitive substring over service, operation and span id; matches are outlined, non-matches dimmed; empty = no search. */
  search: string;
  selectedSpan: number | null;
  onSelectSpan(span: number | null): void;
  /** The whole-trace window (initial, and key 0) spans at least [0, timeSpanNs] instead of [0, durationNs]: several charts on one time scale. */
  timeSpanNs?: number;
}

/** Keyboard zoom: + halves the window, - doubles it. */
const KEY_ZOOM = 0.5;
/** Arrow keys pan this fraction of the window (Shift: half of it). */
const KEY_PAN = 0.1;
const KEY_PAN_FAR = 0.5;
/** Wheel zoom: the window scales by e^(deltaY × rate); one notch (~100 px) ≈ ×1.22. */
const WHEEL_ZOOM_RATE = 0.002;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD_PX = 3;

interface Hover {
  span: number;
  x: number;
  y: number;
}

interface Drag {
  pointerId: number;
  x: number;
  y: number;
  view: TimeWindow;
  scrollTop: number;
  moved: boolean;
}

export function FlameChart({ detail, showAll, search, selectedSpan, onSelectSpan, timeSpanNs }: FlameChartProps) {
  const model = useMemo(() => buildFlameModel(detail, timeSpanNs), [detail, timeSpanNs]);
  const match = useMemo(() => searchMatches(detail.spans, search), [detail, search]);
  const theme = useTheme();
  const dpr = useDevicePixelRatio();
  const rootRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<FlameCanvasElement>(null);
  const size = useContentSize(scrollRef);
  const hintId = useId();

  const [palette, setPalette] = useState<FlamePalette | null>(null);
  useLayoutEffect(() => {
    if (rootRef.current) setPalette(readPalette(rootRef.current, theme, model.services));
  }, [theme, model]);

  // The time window shown; the whole trace again whenever the trace changes.
  const [view, setView] = useState<TimeWindow>(model.bounds);
  const [viewModel, setViewModel] = useState(model);
  if (viewModel !== model) {
    setViewModel(model);
    setView(model.bounds);
  }
  const [hover, setHover] = useState<Hover | null>(null);
  const selected = selectedSpan !== null && selectedSpan >= 0 && selectedSpan < detail.spans.size ? selectedSpan : null;

  // Current values for listeners registered once (wheel, test hook) and for the frame callback.
  const live = useRef({ model, view, size });
  useLayoutEffect(() => {
    live.current = { model, view, size };
  });
  const geometry = useCallback((): FlameGeometry => {
    const { view, size } = live.current;
    return { width: size.width, height: size.height, view, scrollTop: scrollRef.current?.scrollTop ?? 0 };
  }, []);

  // ── Drawing: at most once per frame ───────────────────────────────────────
  const widths = useRef<MeasureCache>(new Map());
  const frame = useRef(0);
  const drawFrame = useRef(() => {});
  const scheduleDraw = useCallback(() => {
    if (frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      drawFrame.current();
    });
  }, []);
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    },
    [],
  );
  const hoveredSpan = hover?.span ?? null;
  useLayoutEffect(() => {
    drawFrame.current = () => {
      const canvas = canvasRef.current;
      const g = geometry();
      if (!canvas || !palette || g.width <= 0 || g.height <= 0) return;
      const ctx = prepareCanvas(canvas, g.width, g.height, dpr);
      if (ctx) drawFlame(ctx, model, g, { showAll, match, selected, hovered: hoveredSpan }, palette, widths.current);
    };
    scheduleDraw();
  }, [model, match, palette, showAll, selected, hoveredSpan, view, size, dpr, geometry, scheduleDraw]);

  // ── Test hook: where a span's bar is, in canvas CSS pixels ────────────────
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    canvas.hopscopeSpanRect = (span: number) => spanRect(live.current.model, geometry(), span);
    return () => {
      delete canvas.hopscopeSpanRect;
    };
  }, [geometry]);

  // A new trace starts at the top.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setHover(null);
  }, [model]);

  // ── Wheel (registered by hand: React's wheel listener is passive and cannot stop the page zoom) ──
  useEffect(() => {
    const box = scrollRef.current;
    if (!box) return;
    const onWheel = (e: WheelEvent) => {
      const { model, size } = live.current;
      const width = Math.max(1, size.width);
      const unit = e.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : e.deltaMode === WheelEvent.DOM_DELTA_PAGE ? width : 1;
      const dx = e.deltaX * unit;
      const dy = e.deltaY * unit;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        const x = e.clientX - box.getBoundingClientRect().left;
        const factor = Math.exp(Math.max(-300, Math.min(300, dy)) * WHEEL_ZOOM_RATE);
        setView((v) => zoomAt(v, v.from + (x / width) * (v.to - v.from), factor, model.bounds));
        return;
      }
      const sideways = e.shiftKey ? (dx !== 0 ? dx : dy) : Math.abs(dx) > Math.abs(dy) ? dx : 0;
      if (sideways !== 0) {
        e.preventDefault();
        setView((v) => pan(v, (sideways * (v.to - v.from)) / width, model.bounds));
      }
      // Otherwise a vertical wheel scrolls the rows, natively.
    };
    box.addEventListener('wheel', onWheel, { passive: false });
    return () => box.removeEventListener('wheel', onWheel);
  }, []);

  // ── Pointer: hover, click, drag, double-click ─────────────────────────────
  const drag = useRef<Drag | null>(null);
  const pointAt = (e: { clientX: number; clientY: number }) => {
    const r = canvasRef.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    const p = pointAt(e);
    drag.current = { pointerId: e.pointerId, x: p.x, y: p.y, view, scrollTop: scrollRef.current?.scrollTop ?? 0, moved: false };
    e.currentTarget.setPointerCapture(e.pointerId);
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const p = pointAt(e);
    const d = drag.current;
    if (d && d.pointerId === e.pointerId) {
      const dx = p.x - d.x;
      const dy = p.y - d.y;
      if (!d.moved && Math.abs(dx) + Math.abs(dy) < DRAG_THRESHOLD_PX) return;
      if (!d.moved) {
        d.moved = true;
        e.currentTarget.classList.add('dragging');
        setHover(null);
      }
      setView(pan(d.view, (-dx * (d.view.to - d.view.from)) / Math.max(1, size.width), model.bounds));
      if (scrollRef.current) scrollRef.current.scrollTop = d.scrollTop - dy;
      return;
    }
    const span = hitSpan(model, geometry(), p.x, p.y);
    setHover(span >= 0 ? { span, x: p.x, y: p.y } : null);
  };

  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    e.currentTarget.classList.remove('dragging');
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (d.moved || e.type === 'pointercancel') return;
    const p = pointAt(e);
    const span = hitSpan(model, geometry(), p.x, p.y);
    onSelectSpan(span >= 0 ? span : null);
  };

  const onDoubleClick = (e: { clientX: number; clientY: number }) => {
    const p = pointAt(e);
    const span = hitSpan(model, geometry(), p.x, p.y);
    if (span >= 0) setView(windowAround(detail.spans.start[span]!, model.drawEnd[span]!, model.bounds));
  };

  // ── Keyboard ──────────────────────────────────────────────────────────────
  /** Zoom keys zoom around the selection when it is in view, else around the middle. */
  const zoomAnchor = (v: TimeWindow) => {
    if (selected !== null) {
      const mid = (detail.spans.start[selected]! + model.drawEnd[selected]!) / 2;
      if (mid >= v.from && mid <= v.to) return mid;
    }
    return (v.from + v.to) / 2;
  };
  const startSpan = () => {
    const root = detail.criticalPath.root;
    if (root >= 0 && root < detail.spans.size) return root;
    return model.children.roots.length > 0 ? model.children.roots[0]! : null;
  };
  const moveSelection = (to: 'parent' | 'child') => {
    if (selected === null) {
      const start = startSpan();
      if (start !== null) onSelectSpan(start);
      return;
    }
    if (to === 'parent') {
      const parent = parentOf(detail.spans, selected);
      if (parent >= 0) onSelectSpan(parent);
      return;
    }
    const { offset, child } = model.children;
    if (offset[selected + 1]! > offset[selected]!) onSelectSpan(child[offset[selected]!]!);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const { bounds } = model;
    switch (e.key) {
      case '+':
      case '=':
        setView((v) => zoomAt(v, zoomAnchor(v), KEY_ZOOM, bounds));
        break;
      case '-':
      case '_':
        setView((v) => zoomAt(v, zoomAnchor(v), 1 / KEY_ZOOM, bounds));
        break;
      case '0':
        setView(bounds);
        break;
      case 'ArrowLeft':
      case 'ArrowRight': {
        const direction = e.key === 'ArrowLeft' ? -1 : 1;
        const fraction = e.shiftKey ? KEY_PAN_FAR : KEY_PAN;
        setView((v) => pan(v, direction * fraction * (v.to - v.from), bounds));
        break;
      }
      case '[':
      case 'ArrowUp':
        moveSelection('parent');
        break;
      case ']':
      case 'ArrowDown':
        moveSelection('child');
        break;
      case 'Escape':
        // Nothing to clear: let the key reach whatever encloses the chart (a dialog, a panel).
        if (selected === null) return;
        onSelectSpan(null);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  // ── Keep the selection in view (selected from the keyboard or elsewhere in the app) ──
  useEffect(() => {
    if (selected === null) return;
    const box = scrollRef.current;
    const { size } = live.current;
    if (box && size.height > 0) {
      const top = AXIS_HEIGHT + model.layout.row[selected]! * ROW_HEIGHT - box.scrollTop;
      if (top < AXIS_HEIGHT || top + ROW_HEIGHT > size.height) {
        box.scrollTop += top - AXIS_HEIGHT - Math.max(0, (size.height - AXIS_HEIGHT - ROW_HEIGHT) / 2);
      }
    }
    const start = model.spans.start[selected]!;
    const end = model.drawEnd[selected]!;
    setView((v) => {
      if (end >= v.from && start <= v.to) return v;
      if (end - start > 0.9 * (v.to - v.from)) return windowAround(start, end, model.bounds);
      return pan(v, (start + end) / 2 - (v.from + v.to) / 2, model.bounds);
    });
  }, [selected, model]);

  const onScroll = () => {
    setHover((h) => (h === null ? h : null));
    scheduleDraw();
  };

  const rows = model.layout.rows;
  const totalHeight = contentHeight(model);
  return (
    <div
      ref={rootRef}
      className="flame-chart"
      data-testid="flame-chart"
      data-spans={detail.spans.size}
      data-critical-spans={model.criticalCount}
      data-show-all={String(showAll)}
    >
      <Minimap model={model} palette={palette} showAll={showAll} dpr={dpr} view={view} onView={setView} />
      <div className="flame-body">
        <div
          ref={scrollRef}
          className="flame-scroll"
          style={{ height: totalHeight }}
          tabIndex={0}
          role="group"
          aria-roledescription="flame chart"
          aria-label={`Flame chart of trace ${detail.traceId}: ${detail.spans.size} spans in ${rows} rows, ${model.criticalCount} on the critical path`}
          aria-describedby={hintId}
          onKeyDown={onKeyDown}
          onScroll={onScroll}
        >
          <div className="flame-spacer" style={{ height: totalHeight }}>
            <canvas
              ref={canvasRef}
              className="flame-canvas"
              data-testid="flame-canvas"
              style={{ width: size.width, height: size.height }}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
              onPointerLeave={() => {
                if (!drag.current) setHover(null);
              }}
              onDoubleClick={onDoubleClick}
            />
          </div>
        </div>
        {hover && hover.span < detail.spans.size && (
          <FlameTooltip
            model={model}
            palette={palette}
            span={hover.span}
            x={hover.x}
            y={hover.y}
            areaWidth={size.width}
            areaHeight={size.height}
          />
        )}
      </div>
      <p id={hintId} className="flame-hint">
        Wheel scrolls · Ctrl/⌘+wheel or pinch zooms · Shift+wheel or drag pans · double-click zooms to a span · keys: + − 0 ← → [ ] ↑ ↓ Esc
      </p>
      <div className="visually-hidden" aria-live="polite">
        {selected !== null && describeSpan(model, selected)}
      </div>
    </div>
  );
}

/** The selection in words, for screen readers. */
function describeSpan(model: FlameModel, span: number): string {
  const { spans } = model;
  const parts = [`${spans.service[span]}: ${spans.name[span]}`, formatOffset(model.drawEnd[span]! - spans.start[span]!)];
  if (model.critical[span]) parts.push(`${formatOffset(spans.criticalNs[span]!)} on the critical path`);
  if (spans.error[span]) parts.push('error');
  for (const m of model.marks.get(span) ?? []) parts.push(m.note);
  return parts.join(', ');
}

import { useEffect, useRef, type PointerEvent } from 'react';
import { pan, type TimeWindow } from '../../../../shared/render/flame-layout.js';
import { prepareCanvas, useContentSize } from '../../../hooks/canvas-env.js';
import { drawMinimap, MINIMAP_HEIGHT } from './draw-minimap.js';
import type { FlameModel } from './flame-model.js';
import type { FlamePalette } from './flame-palette.js';

interface MinimapProps {
  model: FlameModel;
  palette: FlamePalette | null;
  showAll: boolean;
  dpr: number;
  view: TimeWindow;
  onView(view: TimeWindow): void;
}

/**
 * The whole trace, small, with the chart's window as a rectangle. Dragging
 * the rectangle moves the window; pressing outside it centres the window
 * there (and keeps dragging from that point).
 */
export function Minimap({ model, palette, showAll, dpr, view, onView }: MinimapProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width } = useContentSize(boxRef);
  /** While dragging: how far into the window (ns) the pointer holds it. */
  const grip = useRef<{ pointerId: number; offsetNs: number } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !palette || width <= 0) return;
    const frame = requestAnimationFrame(() => {
      const ctx = prepareCanvas(canvas, width, MINIMAP_HEIGHT, dpr);
      if (ctx) drawMinimap(ctx, model, width, palette, showAll);
    });
    return () => cancelAnimationFrame(frame);
  }, [model, palette, showAll, width, dpr]);

  const { bounds } = model;
  const full = bounds.to - bounds.from;
  const timeAt = (clientX: number) => {
    const box = boxRef.current!.getBoundingClientRect();
    return bounds.from + ((clientX - box.left) / Math.max(1, box.width)) * full;
  };
  const moveTo = (from: number) => {
    const windowNs = view.to - view.from;
    onView(pan({ from, to: from + windowNs }, 0, bounds));
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const t = timeAt(e.clientX);
    const inside = t >= view.from && t <= view.to;
    const offsetNs = inside ? t - view.from : (view.to - view.from) / 2;
    grip.current = { pointerId: e.pointerId, offsetNs };
    e.currentTarget.setPointerCapture(e.pointerId);
    if (!inside) moveTo(t - offsetNs);
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (grip.current?.pointerId !== e.pointerId) return;
    moveTo(timeAt(e.clientX) - grip.current.offsetNs);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (grip.current?.pointerId !== e.pointerId) return;
    grip.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const left = full > 0 ? ((view.from - bounds.from) / full) * width : 0;
  const right = full > 0 ? ((view.to - bounds.from) / full) * width : width;
  const zoomed = view.from > bounds.from || view.to < bounds.to;

  return (
    <div
      ref={boxRef}
      className="flame-minimap"
      data-testid="flame-minimap"
      style={{ height: MINIMAP_HEIGHT }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      <canvas ref={canvasRef} className="flame-minimap-canvas" style={{ width, height: MINIMAP_HEIGHT }} aria-hidden="true" />
      <div
        className={zoomed ? 'flame-minimap-window zoomed' : 'flame-minimap-window'}
        data-testid="flame-minimap-window"
        style={{ left, width: Math.max(4, right - left) }}
      />
    </div>
  );
}

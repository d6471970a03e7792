/**
 * The dataset's aggregate critical-path flame graph (critical-flame.ts) as an
 * icicle: the root ("all traces") across the top, call paths going down,
 * each frame as wide as its share of the selected traces' critical-path time.
 *
 *   |all traces                                              |
 *   |gateway GET /checkout                                   |
 *   |order place                               |auth check   |
 *   |payment charge         |/pg SELECT/|                        /…/ hatched, dashed: not instrumented
 *
 * Hover: a tooltip with the times. Click: zoom into the frame (it becomes
 * the full width; the breadcrumb above leads back, Escape goes up one
 * level) and onSelect. Frames narrower than a pixel are left out
 * (flameSlices). SVG: the frame count is bounded by criticalFlame's
 * maxFrames, and SVG exports as is.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { CriticalFlame, FlameFrame } from '../../../shared/engine/dataset-analysis-api.js';
import { fitLabel } from '../../../shared/render/flame-layout.js';
import { flameSlices, type FlameSlice } from '../../../shared/render/flame-slices.js';
import { serviceColor, textColorOn } from '../../../shared/render/service-colors.js';
import { formatNs, percent } from '../../../shared/text/units.js';
import { useContentSize } from '../../hooks/canvas-env.js';
import './critical-flame.css';
import { ancestors, frameLabel, measureLabel, parentMap } from './icicle-parts.js';

export interface CriticalFlameGraphProps {
  flame: CriticalFlame;
  theme: 'light' | 'dark';
  onSelect?(frame: FlameFrame): void;
}

const ROW_HEIGHT = 18;
/** Frames narrower than this get no label. */
const MIN_LABEL_PX = 40;
const LABEL_PAD = 4;
/** The label font (critical-flame.css .critical-flame-label), for measuring. */
/** Used until the container has been measured (and where nothing is laid out, as in tests). */
const FALLBACK_WIDTH = 800;
/** Room the tooltip is assumed to need when deciding which side of the pointer it goes. */
const TOOLTIP_WIDTH = 300;
const TOOLTIP_HEIGHT = 140;
const TOOLTIP_OFFSET = 14;

interface Hover {
  frame: FlameFrame;
  x: number;
  y: number;
}

export function CriticalFlameGraph({ flame, theme, onSelect }: CriticalFlameGraphProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const measured = useContentSize(containerRef);
  const width = measured.width > 0 ? measured.width : FALLBACK_WIDTH;
  const hatchId = `critical-flame-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;

  // The zoom belongs to the flame it was made in: another flame (another percentile) starts unzoomed.
  const [zoom, setZoom] = useState<{ flame: CriticalFlame; frame: FlameFrame } | null>(null);
  const focus = zoom !== null && zoom.flame === flame ? zoom.frame : flame.root;
  const [hover, setHover] = useState<Hover | null>(null);

  const parents = useMemo(() => parentMap(flame.root), [flame]);
  const slices = useMemo(() => flameSlices(focus, 1 / width), [focus, width]);
  const depth = slices.reduce((max, s) => Math.max(max, s.depth), 0);
  const height = (depth + 1) * ROW_HEIGHT;
  const trail = ancestors(focus, parents);

  const zoomTo = (frame: FlameFrame) => {
    setZoom(frame === flame.root ? null : { flame, frame });
    setHover(null);
  };
  const sliceAt = (event: MouseEvent<SVGSVGElement>): FlameSlice | undefined => {
    const at = (event.target as Element).closest('[data-index]')?.getAttribute('data-index');
    return at == null ? undefined : slices[Number(at)];
  };
  const onMouseMove = (event: MouseEvent<SVGSVGElement>) => {
    const slice = sliceAt(event);
    const box = containerRef.current?.getBoundingClientRect();
    if (!slice || !box) {
      if (hover) setHover(null);
      return;
    }
    setHover({ frame: slice.frame, x: event.clientX - box.left, y: event.clientY - box.top });
  };
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const slice = sliceAt(event);
    if (!slice) return;
    zoomTo(slice.frame);
    onSelect?.(slice.frame);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape' || trail.length === 0) return;
    event.preventDefault();
    zoomTo(trail[trail.length - 1]!);
  };

  return (
    <div className="critical-flame" onKeyDown={onKeyDown}>
      {trail.length > 0 && (
        <nav className="critical-flame-crumbs" aria-label="Zoom">
          {trail.map((frame, i) => (
            <span key={i} className="critical-flame-crumb">
              <button type="button" className="critical-flame-crumb-button" onClick={() => zoomTo(frame)}>
                {frameLabel(frame)}
              </button>
              <span aria-hidden="true">›</span>
            </span>
          ))}
          <span className="critical-flame-crumb-current">{frameLabel(focus)}</span>
          <button type="button" className="critical-flame-reset" onClick={() => zoomTo(flame.root)}>
            Reset zoom
          </button>
        </nav>
      )}
      <div className="critical-flame-body" ref={containerRef} onMouseLeave={() => setHover(null)}>
        <svg
          className="critical-flame-svg"
          data-testid="critical-flame"
          width={width}
          height={height}
          role="img"
          aria-label={`Critical-path flame graph of ${flame.traces} ${flame.traces === 1 ? 'trace' : 'traces'}, ${formatNs(flame.root.totalNs)} in all`}
          onMouseMove={onMouseMove}
          onClick={onClick}
        >
          <defs>
            <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1="0" y1="0" x2="0" y2="6" className="critical-flame-hatch-line" />
            </pattern>
          </defs>
          {slices.map((slice, i) => {
            const { frame } = slice;
            const x = slice.x0 * width;
            const w = (slice.x1 - slice.x0) * width;
            const y = slice.depth * ROW_HEIGHT;
            const fill = serviceColor(frame.service, theme);
            // A hairline between neighbours, once a frame is wide enough to spare it.
            const drawn = w >= 3 ? w - 1 : w;
            const label = w >= MIN_LABEL_PX ? fitLabel(frameLabel(frame), w - 2 * LABEL_PAD, measureLabel) : '';
            return (
              <g
                key={`${slice.depth}:${slice.x0}`}
                data-index={i}
                data-testid="flame-frame"
                data-service={frame.service}
                data-operation={frame.operation}
                className={`critical-flame-frame${frame.virtual ? ' virtual' : ''}${hover?.frame === frame ? ' hovered' : ''}`}
                aria-label={`${frameLabel(frame)}: ${formatNs(frame.totalNs)}`}
              >
                <rect className="critical-flame-rect" x={x} y={y} width={drawn} height={ROW_HEIGHT - 1} fill={fill} />
                {frame.virtual && (
                  <rect className="critical-flame-hatch" x={x} y={y} width={drawn} height={ROW_HEIGHT - 1} fill={`url(#${hatchId})`} />
                )}
                {label && (
                  <text
                    className="critical-flame-label"
                    x={x + LABEL_PAD}
                    y={y + ROW_HEIGHT / 2}
                    dominantBaseline="central"
                    fill={textColorOn(fill)}
                  >
                    {label}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {hover && <FrameTooltip hover={hover} flame={flame} theme={theme} areaWidth={width} areaHeight={height} />}
      </div>
    </div>
  );
}

function FrameTooltip({
  hover,
  flame,
  theme,
  areaWidth,
  areaHeight,
}: {
  hover: Hover;
  flame: CriticalFlame;
  theme: 'light' | 'dark';
  areaWidth: number;
  areaHeight: number;
}) {
  const { frame, x, y } = hover;
  const flipX = x + TOOLTIP_OFFSET + TOOLTIP_WIDTH > areaWidth && x > areaWidth / 2;
  const flipY = y + TOOLTIP_OFFSET + TOOLTIP_HEIGHT > areaHeight && y > areaHeight / 2;
  const position = {
    ...(flipX ? { right: areaWidth - x + TOOLTIP_OFFSET } : { left: x + TOOLTIP_OFFSET }),
    ...(flipY ? { bottom: areaHeight - y + TOOLTIP_OFFSET } : { top: y + TOOLTIP_OFFSET }),
  };
  const allNs = flame.root.totalNs;
  return (
    <div className="critical-flame-tooltip" data-testid="critical-flame-tooltip" role="tooltip" style={position}>
      {frame.service !== '' && (
        <div className="critical-flame-tooltip-service">
          <span className="critical-flame-swatch" style={{ background: serviceColor(frame.service, theme) }} />
          {frame.service}
          {frame.virtual && <span className="muted"> (not instrumented)</span>}
        </div>
      )}
      <div className="critical-flame-tooltip-operation">{frame.operation}</div>
      <dl className="critical-flame-tooltip-times">
        <dt>Total</dt>
        <dd>{formatNs(frame.totalNs)}</dd>
        <dt>Self</dt>
        <dd>{formatNs(frame.selfNs)}</dd>
        <dt>Share</dt>
        <dd>{allNs > 0 ? `${percent(frame.totalNs / allNs)} of all critical-path time` : '–'}</dd>
        <dt>Traces</dt>
        <dd>
          {frame.traces} of {flame.traces}
        </dd>
      </dl>
    </div>
  );
}

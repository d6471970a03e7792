/**
 * An SVG icicle of a frame tree, as both aggregate flames draw it (the
 * critical-path flame and its differential twin): the root across the top,
 * children below, each frame as wide as its slice.
 *
 *   |all traces                                              |
 *   |gateway GET /checkout                                   |
 *   |order place                               |auth check   |
 *   |payment charge         |/pg SELECT/|                        /…/ hatched
 *
 * Hover: a tooltip. Click: zoom into the frame (it becomes the full width;
 * the breadcrumb above leads back, Escape goes up one level) and onSelect.
 * What the frames mean (their slices, fill, hatching, tooltip rows) comes
 * from the caller. SVG: the frame count is bounded by the analyses' frame
 * budgets, and SVG exports as is.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { fitLabel } from '../../../shared/render/flame-layout.js';
import { textColorOn } from '../../../shared/render/service-colors.js';
import { useContentSize } from '../../hooks/canvas-env.js';
import './icicle.css';
import { ancestors, frameLabel, measureLabel, parentMap } from './icicle-parts.js';

export interface IcicleFrame<F> {
  service: string;
  operation: string;
  virtual: boolean;
  children: F[];
}

export interface IcicleSlice<F> {
  frame: F;
  depth: number;
  x0: number;
  x1: number;
}

export interface FramePaint {
  fill: string;
  /** Drawn hatched with a dashed outline (not instrumented; only in the baseline). */
  hatched: boolean;
  /** data-* attributes of the frame's element, for tests and styling. */
  data?: Record<string, string>;
  ariaLabel: string;
}

export interface IcicleProps<F extends IcicleFrame<F>> {
  root: F;
  /** The layout of the frame shown full width, leaving out frames narrower than minFraction. */
  slices(focus: F, minFraction: number): IcicleSlice<F>[];
  paint(frame: F): FramePaint;
  /** The tooltip's colour swatch and its rows of numbers. */
  tooltip(frame: F): { swatch: string; rows: [label: string, value: ReactNode][] };
  ariaLabel: string;
  testId: string;
  frameTestId: string;
  tooltipTestId: string;
  onSelect?(frame: F): void;
}

const ROW_HEIGHT = 18;
/** Frames narrower than this get no label. */
const MIN_LABEL_PX = 40;
const LABEL_PAD = 4;
/** Used until the container has been measured (and where nothing is laid out, as in tests). */
const FALLBACK_WIDTH = 800;
/** Room the tooltip is assumed to need when deciding which side of the pointer it goes. */
const TOOLTIP_WIDTH = 300;
const TOOLTIP_HEIGHT = 150;
const TOOLTIP_OFFSET = 14;

export function Icicle<F extends IcicleFrame<F>>(props: IcicleProps<F>) {
  const { root, onSelect } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const measured = useContentSize(containerRef);
  const width = measured.width > 0 ? measured.width : FALLBACK_WIDTH;
  const hatchId = `icicle-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;

  // The zoom belongs to the tree it was made in: another tree (another percentile) starts unzoomed.
  const [zoom, setZoom] = useState<{ root: F; frame: F } | null>(null);
  const focus = zoom !== null && zoom.root === root ? zoom.frame : root;
  const [hover, setHover] = useState<{ frame: F; x: number; y: number } | null>(null);

  const parents = useMemo(() => parentMap(root), [root]);
  const slices = useMemo(() => props.slices(focus, 1 / width), [focus, width, props.slices]);
  const depth = slices.reduce((max, s) => Math.max(max, s.depth), 0);
  const height = (depth + 1) * ROW_HEIGHT;
  const trail = ancestors(focus, parents);

  const zoomTo = (frame: F) => {
    setZoom(frame === root ? null : { root, frame });
    setHover(null);
  };
  const sliceAt = (event: MouseEvent<SVGSVGElement>): IcicleSlice<F> | undefined => {
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
    <div className="icicle" onKeyDown={onKeyDown}>
      {trail.length > 0 && (
        <nav className="icicle-crumbs" aria-label="Zoom">
          {trail.map((frame, i) => (
            <span key={i} className="icicle-crumb">
              <button type="button" className="icicle-crumb-button" onClick={() => zoomTo(frame)}>
                {frameLabel(frame)}
              </button>
              <span aria-hidden="true">›</span>
            </span>
          ))}
          <span className="icicle-crumb-current">{frameLabel(focus)}</span>
          <button type="button" className="icicle-reset" onClick={() => zoomTo(root)}>
            Reset zoom
          </button>
        </nav>
      )}
      <div className="icicle-body" ref={containerRef} onMouseLeave={() => setHover(null)}>
        <svg
          className="icicle-svg"
          data-testid={props.testId}
          width={width}
          height={height}
          role="img"
          aria-label={props.ariaLabel}
          onMouseMove={onMouseMove}
          onClick={onClick}
        >
          <defs>
            <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1="0" y1="0" x2="0" y2="6" className="icicle-hatch-line" />
            </pattern>
          </defs>
          {slices.map((slice, i) => {
            const { frame } = slice;
            const x = slice.x0 * width;
            const w = (slice.x1 - slice.x0) * width;
            const y = slice.depth * ROW_HEIGHT;
            const paint = props.paint(frame);
            // A hairline between neighbours, once a frame is wide enough to spare it.
            const drawn = w >= 3 ? w - 1 : w;
            const label = w >= MIN_LABEL_PX ? fitLabel(frameLabel(frame), w - 2 * LABEL_PAD, measureLabel) : '';
            const data = Object.fromEntries(Object.entries(paint.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
            return (
              <g
                key={`${slice.depth}:${slice.x0}`}
                data-index={i}
                data-testid={props.frameTestId}
                data-service={frame.service}
                data-operation={frame.operation}
                {...data}
                className={`icicle-frame${paint.hatched ? ' hatched' : ''}${hover?.frame === frame ? ' hovered' : ''}`}
                aria-label={paint.ariaLabel}
              >
                <rect className="icicle-rect" x={x} y={y} width={drawn} height={ROW_HEIGHT - 1} fill={paint.fill} />
                {paint.hatched && (
                  <rect className="icicle-hatch" x={x} y={y} width={drawn} height={ROW_HEIGHT - 1} fill={`url(#${hatchId})`} />
                )}
                {label && (
                  <text
                    className="icicle-label"
                    x={x + LABEL_PAD}
                    y={y + ROW_HEIGHT / 2}
                    dominantBaseline="central"
                    fill={textColorOn(paint.fill)}
                  >
                    {label}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {hover && (
          <FrameTooltip
            {...props.tooltip(hover.frame)}
            frame={hover.frame}
            at={hover}
            area={{ width, height }}
            testId={props.tooltipTestId}
          />
        )}
      </div>
    </div>
  );
}

function FrameTooltip(props: {
  frame: IcicleFrame<unknown>;
  swatch: string;
  rows: [string, ReactNode][];
  at: { x: number; y: number };
  area: { width: number; height: number };
  testId: string;
}) {
  const { frame, at, area } = props;
  const flipX = at.x + TOOLTIP_OFFSET + TOOLTIP_WIDTH > area.width && at.x > area.width / 2;
  const flipY = at.y + TOOLTIP_OFFSET + TOOLTIP_HEIGHT > area.height && at.y > area.height / 2;
  const position = {
    ...(flipX ? { right: area.width - at.x + TOOLTIP_OFFSET } : { left: at.x + TOOLTIP_OFFSET }),
    ...(flipY ? { bottom: area.height - at.y + TOOLTIP_OFFSET } : { top: at.y + TOOLTIP_OFFSET }),
  };
  return (
    <div className="chart-tooltip icicle-tooltip" data-testid={props.testId} role="tooltip" style={position}>
      {frame.service !== '' && (
        <div className="icicle-tooltip-service">
          <span className="icicle-swatch" style={{ background: props.swatch }} />
          {frame.service}
          {frame.virtual && <span className="muted"> (not instrumented)</span>}
        </div>
      )}
      <div className="icicle-tooltip-operation">{frame.operation}</div>
      <dl className="icicle-tooltip-times">
        {props.rows.map(([label, value]) => (
          <div key={label} className="icicle-tooltip-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

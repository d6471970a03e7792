/**
 * The differential critical-path flame graph (flame-diff.ts) as an icicle,
 * drawn like CriticalFlameGraph: the root across the top, call paths going
 * down, each frame as wide as its larger side (the mean critical-path time
 * per trace in a or in b, whichever is more; diff-flame-slices.ts).
 *
 * Colour is the change, Δ = b − a relative to the larger side, on a
 * diverging scale: blue where b spends less time (faster), red where it
 * spends more (slower), grey within 5% (same). A frame only in b is full
 * red; a frame only in a is hatched with a dashed outline (removed).
 *
 * Hover: a tooltip with both sides' means per trace and Δ. Click: zoom into
 * the frame (the breadcrumb above leads back, Escape goes up one level).
 * Frames narrower than a pixel are left out.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { DiffFrame } from '../../../shared/engine/compare-api.js';
import { diffChange, diffSlices, relativeDelta, type DiffChange, type DiffSlice } from '../../../shared/render/diff-flame-slices.js';
import { fitLabel } from '../../../shared/render/flame-layout.js';
import { neutralColor, parseHex, textColorOn } from '../../../shared/render/service-colors.js';
import { formatNs, percent } from '../../../shared/text/units.js';
import { useContentSize } from '../../hooks/canvas-env.js';
import './diff-flame.css';
import { ancestors, frameLabel, measureLabel, parentMap } from '../map/icicle-parts.js';

export interface DiffFlameGraphProps {
  root: DiffFrame;
  theme: 'light' | 'dark';
  /** The sides' names, for the tooltip and the legend ("before", "after"). */
  labels: { a: string; b: string };
}

const ROW_HEIGHT = 18;
const MIN_LABEL_PX = 40;
const LABEL_PAD = 4;
/** The label font (diff-flame.css .diff-flame-label), for measuring. */
const FALLBACK_WIDTH = 800;
const TOOLTIP_WIDTH = 300;
const TOOLTIP_HEIGHT = 150;
const TOOLTIP_OFFSET = 14;

/** The ends of the diverging scale, per theme. */
const FASTER: Record<'light' | 'dark', string> = { light: '#4f86d9', dark: '#3f78c9' };
const SLOWER: Record<'light' | 'dark', string> = { light: '#e0584c', dark: '#c9483d' };

interface Hover {
  frame: DiffFrame;
  x: number;
  y: number;
}

export function DiffFlameGraph({ root, theme, labels }: DiffFlameGraphProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const measured = useContentSize(containerRef);
  const width = measured.width > 0 ? measured.width : FALLBACK_WIDTH;
  const hatchId = `diff-flame-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;

  // The zoom belongs to the tree it was made in: another tree starts unzoomed.
  const [zoom, setZoom] = useState<{ root: DiffFrame; frame: DiffFrame } | null>(null);
  const focus = zoom !== null && zoom.root === root ? zoom.frame : root;
  const [hover, setHover] = useState<Hover | null>(null);

  const parents = useMemo(() => parentMap(root), [root]);
  const slices = useMemo(() => diffSlices(focus, 1 / width), [focus, width]);
  const depth = slices.reduce((max, s) => Math.max(max, s.depth), 0);
  const height = (depth + 1) * ROW_HEIGHT;
  const trail = ancestors(focus, parents);

  const zoomTo = (frame: DiffFrame) => {
    setZoom(frame === root ? null : { root, frame });
    setHover(null);
  };
  const sliceAt = (event: MouseEvent<SVGSVGElement>): DiffSlice | undefined => {
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
    if (slice) zoomTo(slice.frame);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape' || trail.length === 0) return;
    event.preventDefault();
    zoomTo(trail[trail.length - 1]!);
  };

  return (
    <div className="diff-flame" onKeyDown={onKeyDown}>
      <Legend theme={theme} labels={labels} hatchId={`${hatchId}-legend`} />
      {trail.length > 0 && (
        <nav className="diff-flame-crumbs" aria-label="Zoom">
          {trail.map((frame, i) => (
            <span key={i} className="diff-flame-crumb">
              <button type="button" className="diff-flame-crumb-button" onClick={() => zoomTo(frame)}>
                {frameLabel(frame)}
              </button>
              <span aria-hidden="true">›</span>
            </span>
          ))}
          <span className="diff-flame-crumb-current">{frameLabel(focus)}</span>
          <button type="button" className="diff-flame-reset" onClick={() => zoomTo(root)}>
            Reset zoom
          </button>
        </nav>
      )}
      <div className="diff-flame-body" ref={containerRef} onMouseLeave={() => setHover(null)}>
        <svg
          className="diff-flame-svg"
          data-testid="diff-flame"
          width={width}
          height={height}
          role="img"
          aria-label={`Differential critical-path flame graph, ${labels.a} ${formatNs(root.aNs)} and ${labels.b} ${formatNs(root.bNs)} per trace`}
          onMouseMove={onMouseMove}
          onClick={onClick}
        >
          <defs>
            <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1="0" y1="0" x2="0" y2="6" className="diff-flame-hatch-line" />
            </pattern>
          </defs>
          {slices.map((slice, i) => {
            const { frame } = slice;
            const x = slice.x0 * width;
            const w = (slice.x1 - slice.x0) * width;
            const y = slice.depth * ROW_HEIGHT;
            const change = diffChange(frame);
            const fill = diffColor(frame, change, theme);
            const drawn = w >= 3 ? w - 1 : w;
            const label = w >= MIN_LABEL_PX ? fitLabel(frameLabel(frame), w - 2 * LABEL_PAD, measureLabel) : '';
            return (
              <g
                key={`${slice.depth}:${slice.x0}`}
                data-index={i}
                data-testid="diff-frame"
                data-service={frame.service}
                data-operation={frame.operation}
                data-change={change}
                className={`diff-flame-frame ${change}${frame.virtual ? ' virtual' : ''}${hover?.frame === frame ? ' hovered' : ''}`}
                aria-label={`${frameLabel(frame)}: ${labels.a} ${formatNs(frame.aNs)}, ${labels.b} ${formatNs(frame.bNs)}`}
              >
                <rect className="diff-flame-rect" x={x} y={y} width={drawn} height={ROW_HEIGHT - 1} fill={fill} />
                {change === 'removed' && (
                  <rect className="diff-flame-hatch" x={x} y={y} width={drawn} height={ROW_HEIGHT - 1} fill={`url(#${hatchId})`} />
                )}
                {label && (
                  <text
                    className="diff-flame-label"
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
        {hover && <FrameTooltip hover={hover} labels={labels} theme={theme} areaWidth={width} areaHeight={height} />}
      </div>
    </div>
  );
}

function Legend({ theme, labels, hatchId }: { theme: 'light' | 'dark'; labels: { a: string; b: string }; hatchId: string }) {
  const steps = [-1, -0.5, 0, 0.5, 1];
  return (
    <div className="diff-flame-legend" data-testid="diff-flame-legend">
      <span className="muted">
        Width: mean critical-path time per trace, the larger of {labels.a} and {labels.b}. Colour: {labels.b} vs {labels.a}
      </span>
      <span className="diff-flame-legend-scale">
        <span>faster</span>
        {steps.map((t) => (
          <span key={t} className="diff-flame-swatch" style={{ background: scaleColor(t, theme) }} />
        ))}
        <span>slower</span>
      </span>
      <span className="diff-flame-legend-item">
        <svg width="14" height="12" aria-hidden="true">
          <defs>
            <pattern id={hatchId} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1="0" y1="0" x2="0" y2="4" className="diff-flame-hatch-line" />
            </pattern>
          </defs>
          <rect x="0.5" y="0.5" width="13" height="11" fill={neutralColor(theme)} className="diff-flame-legend-removed" />
          <rect x="0.5" y="0.5" width="13" height="11" fill={`url(#${hatchId})`} />
        </svg>
        only in {labels.a}
      </span>
    </div>
  );
}

function FrameTooltip({
  hover,
  labels,
  theme,
  areaWidth,
  areaHeight,
}: {
  hover: Hover;
  labels: { a: string; b: string };
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
  const change = diffChange(frame);
  const delta = frame.bNs - frame.aNs;
  return (
    <div className="diff-flame-tooltip" data-testid="diff-flame-tooltip" role="tooltip" style={position}>
      {frame.service !== '' && (
        <div className="diff-flame-tooltip-service">
          <span className="diff-flame-swatch" style={{ background: diffColor(frame, change, theme) }} />
          {frame.service}
          {frame.virtual && <span className="muted"> (not instrumented)</span>}
        </div>
      )}
      <div className="diff-flame-tooltip-operation">{frame.operation}</div>
      <dl className="diff-flame-tooltip-times">
        <dt>{labels.a}</dt>
        <dd>
          {formatNs(frame.aNs)} per trace (self {formatNs(frame.aSelfNs)})
        </dd>
        <dt>{labels.b}</dt>
        <dd>
          {formatNs(frame.bNs)} per trace (self {formatNs(frame.bSelfNs)})
        </dd>
        <dt>Δ</dt>
        <dd>
          {delta < 0 ? '−' : '+'}
          {formatNs(Math.abs(delta))}
          {frame.aNs > 0 && ` (${delta < 0 ? '−' : '+'}${percent(Math.abs(delta) / frame.aNs)})`}
          {change === 'added' && ` (only in ${labels.b})`}
          {change === 'removed' && ` (only in ${labels.a})`}
        </dd>
      </dl>
    </div>
  );
}

/** The frame's fill: the diverging scale at its relative Δ; grey when about the same; a removed frame stays grey (it is hatched). */
function diffColor(frame: DiffFrame, change: DiffChange, theme: 'light' | 'dark'): string {
  if (change === 'same' || change === 'removed') return neutralColor(theme);
  return scaleColor(relativeDelta(frame), theme);
}

/** t in [-1, 1]: grey at 0, towards FASTER below, towards SLOWER above (a mild floor so a small change still shows). */
function scaleColor(t: number, theme: 'light' | 'dark'): string {
  const neutral = neutralColor(theme);
  if (t === 0) return neutral;
  const strength = 0.25 + 0.75 * Math.min(1, Math.abs(t));
  return mix(neutral, t < 0 ? FASTER[theme] : SLOWER[theme], strength);
}

function mix(from: string, to: string, k: number): string {
  const a = parseHex(from);
  const b = parseHex(to);
  if (!a || !b) return to;
  const channel = (i: number) =>
    Math.round(a[i]! + (b[i]! - a[i]!) * k)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/**
 * What the two SVG icicles (the critical-path flame and its differential
 * twin) share: frame labels, the breadcrumb's ancestry, and label widths.
 */

/** The label font of the icicles (icicle.css .icicle-label sets the same). */
export const LABEL_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

interface Frame<F> {
  service: string;
  operation: string;
  children: F[];
}

/** "service operation"; the root and '(other)' have no service. */
export function frameLabel(frame: { service: string; operation: string }): string {
  return frame.service === '' ? frame.operation : `${frame.service} ${frame.operation}`;
}

/** Each frame's parent, for the breadcrumb (iterative: chains can be thousands deep). */
export function parentMap<F extends Frame<F>>(root: F): Map<F, F> {
  const parents = new Map<F, F>();
  const stack = [root];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    for (const child of frame.children) {
      parents.set(child, frame);
      stack.push(child);
    }
  }
  return parents;
}

/** The frames above `frame`, root first. */
export function ancestors<F>(frame: F, parents: Map<F, F>): F[] {
  const trail: F[] = [];
  for (let p = parents.get(frame); p; p = parents.get(p)) trail.push(p);
  return trail.reverse();
}

let measureContext: CanvasRenderingContext2D | null | undefined;
const measured = new Map<string, number>();

/** Label width in CSS pixels: measured on a canvas in the label font, estimated where there is none. */
export function measureLabel(text: string): number {
  let w = measured.get(text);
  if (w !== undefined) return w;
  if (measureContext === undefined) {
    try {
      measureContext = document.createElement('canvas').getContext('2d');
      if (measureContext) measureContext.font = LABEL_FONT;
    } catch {
      measureContext = null;
    }
  }
  w = measureContext ? measureContext.measureText(text).width : text.length * 6.2;
  if (measured.size > 20_000) measured.clear();
  measured.set(text, w);
  return w;
}

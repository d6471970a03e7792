/** What a canvas (or a virtualised list) needs to know about its surroundings: its size and the pixel ratio (the theme: use-theme.ts). */
import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

/** The element's content box in CSS pixels (without scrollbars), kept current with a ResizeObserver. */
export function useContentSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = (width: number, height: number) =>
      setSize((current) => (current.width === width && current.height === height ? current : { width, height }));
    // Measured before the first paint, so nothing is drawn at size 0 first.
    update(element.clientWidth, element.clientHeight);
    const observer = new ResizeObserver(() => update(element.clientWidth, element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/**
 * window.devicePixelRatio, kept current: it changes when the window moves to
 * another screen or the page is zoomed, and a canvas sized for the old ratio blurs.
 */
export function useDevicePixelRatio(): number {
  const [ratio, setRatio] = useState(() => window.devicePixelRatio || 1);
  useEffect(() => {
    // A resolution query matches only the current ratio, so it fires on the next change and is then replaced.
    const query = window.matchMedia(`(resolution: ${ratio}dppx)`);
    const onChange = () => setRatio(window.devicePixelRatio || 1);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [ratio]);
  return ratio;
}

/** Sizes the backing store for the pixel ratio (crisp on HiDPI) and returns a cleared context that draws in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number, dpr: number): CanvasRenderingContext2D | null {
  const backingWidth = Math.max(1, Math.round(width * dpr));
  const backingHeight = Math.max(1, Math.round(height * dpr));
  // Assigning width or height clears the canvas and its state even when unchanged: only on a change.
  if (canvas.width !== backingWidth) canvas.width = backingWidth;
  if (canvas.height !== backingHeight) canvas.height = backingHeight;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.setTransform(dpr, 0, 0, dpr, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

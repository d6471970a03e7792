/**
 * SVG → PNG in the renderer: the exported SVG drawn onto a canvas at 2×
 * pixel density (crisp on high-density screens and in documents), through
 * an <img> from a blob: URL (allowed by the CSP's img-src; a same-origin
 * blob does not taint the canvas, so it can be read back as PNG).
 */
import { PNG_SCALE, type Figure } from '../../shared/export/figure.js';

export async function rasterizeFigure(figure: Pick<Figure, 'svg' | 'width' | 'height'>, scale = PNG_SCALE): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([figure.svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(figure.width * scale);
    canvas.height = Math.round(figure.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the image is too large to encode as PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function rasterizeToBytes(figure: Pick<Figure, 'svg' | 'width' | 'height'>): Promise<Uint8Array> {
  return new Uint8Array(await (await rasterizeFigure(figure)).arrayBuffer());
}

/** Puts the PNG on the clipboard (pastes into docs, chats and slides). */
export async function copyFigure(figure: Pick<Figure, 'svg' | 'width' | 'height'>): Promise<void> {
  if (!navigator.clipboard?.write || typeof ClipboardItem === 'undefined') throw new Error('copying images is not available here');
  // The promise goes into the ClipboardItem, so the write starts inside the click's user activation.
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': rasterizeFigure(figure) })]);
}

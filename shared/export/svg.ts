/**
 * A tiny SVG writer for exports: elements as strings, every attribute value
 * and every text escaped. Platform-free (no DOM), so the app, the CLI and
 * the report draw the same bytes.
 *
 * Why strings and not a DOM: the CLI has no DOM, and a string is what gets
 * saved, embedded in a report or handed to the rasteriser anyway.
 * Why escape everything: span names, service names and attribute values come
 * from trace files, and a trace file may contain markup
 * (`<img src=x onerror=alert(1)>`). Nothing from a trace ever reaches the
 * output without going through `escapeXml`.
 */

/** Text safe inside XML/HTML element content and double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // Control characters other than tab/newline are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
  );
}

export type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue>;

/** Numbers in coordinates: at most two decimals, no "-0", no exponent noise. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function attrs(attributes: Attrs): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    const text = value === true ? name : typeof value === 'number' ? num(value) : escapeXml(value);
    out += ` ${name}="${text}"`;
  }
  return out;
}

/** An element whose children are already SVG (strings returned by `el`/`text`). */
export function el(tag: string, attributes: Attrs = {}, ...children: (string | false | null | undefined)[]): string {
  const inner = children.filter((c): c is string => typeof c === 'string' && c !== '').join('');
  return inner === '' ? `<${tag}${attrs(attributes)}/>` : `<${tag}${attrs(attributes)}>${inner}</${tag}>`;
}

/** A <text> element holding `content` as (escaped) text. */
export function text(x: number, y: number, content: string, attributes: Attrs = {}): string {
  return `<text${attrs({ x, y, ...attributes })}>${escapeXml(content)}</text>`;
}

/** A <title> child: the tooltip an SVG viewer shows on hover. */
export function title(content: string): string {
  return `<title>${escapeXml(content)}</title>`;
}

/** The font every export uses: the platform UI font, then fonts a headless renderer has. */
export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif';

/**
 * Approximate advance width of `content` in the export font at `size` px:
 * the layout must be decided without a font engine (the CLI has none, and
 * the PNG rasteriser may substitute fonts). Errs on the wide side, so labels
 * fit whichever sans-serif draws them.
 */
export function textWidth(content: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of content) {
    if (/[il.,:;|!'`·]/.test(ch)) em += 0.3;
    else if (/[fjrt()[\]\- ]/.test(ch)) em += 0.38;
    else if (/[mwMW@%]/.test(ch)) em += 0.9;
    else if (/[A-Z]/.test(ch)) em += 0.68;
    else if (ch.charCodeAt(0) > 0x2e80)
      em += 1; // CJK and other wide scripts
    else em += 0.56;
  }
  // 1.06: DejaVu Sans (resvg's fallback on Linux) runs about 4% wider than these widths, which fit Helvetica/Segoe.
  return em * size * 1.06 * (bold ? 1.07 : 1);
}

/** `content` cut to fit `width` px at `size` px, with an ellipsis; '' when not even one character and the ellipsis fit. */
export function fitText(content: string, width: number, size: number, bold = false): string {
  if (textWidth(content, size, bold) <= width) return content;
  const chars = Array.from(content);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(chars.slice(0, mid).join('') + '…', size, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : chars.slice(0, lo).join('') + '…';
}

/** A complete standalone SVG document of `width` × `height` px. */
export function svgDocument(width: number, height: number, body: string, label: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-label="${escapeXml(label)}" font-family="${escapeXml(FONT_FAMILY)}">` +
    body +
    `</svg>\n`
  );
}

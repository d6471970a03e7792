/**
 * One colour per service, the same everywhere: in every dataset, every view
 * and every export, with no palette to store or pass around.
 *
 * Why a hash of the name: a colour assigned by position (first service seen
 * gets blue, …) changes when another trace or dataset shows the services in
 * another order, so "payment is the orange one" would not survive a reload
 * or a comparison. A hash of the name alone cannot change.
 *
 * Why OKLCH with fixed lightness and chroma: in OKLab, equal lightness means
 * (nearly) equal luminance for every hue, which HSL does not give (HSL yellow
 * at 70 % is far brighter than HSL blue at 70 %). With the lightness fixed per
 * theme, one text colour reads on every bar with the same contrast:
 *   light theme: L 0.74 / 0.80 / 0.86, dark text (#1c1d21) at 6.9:1 or more
 *   dark theme:  L 0.44 / 0.48 / 0.52, light text (#f4f5f7) at 4.7:1 or more
 * (dark bars get the smaller steps: above L 0.53 light text drops under 4.5:1).
 * The hue comes from the hash, and so does one of the three lightness steps:
 * two names that land on nearby hues still differ in lightness two times in
 * three. Nothing can make every pair of names far apart (it is a hash); the
 * bar's label tells the unlucky ones apart.
 * A hue that cannot be shown at that chroma in sRGB keeps its hue and loses
 * chroma until it fits.
 */
import { UNKNOWN_SERVICE } from '../model/span.js';

export type ColorTheme = 'light' | 'dark';

/** Text colours the bars are designed for (the app's --fg in each theme). */
export const DARK_TEXT = '#1c1d21';
export const LIGHT_TEXT = '#f4f5f7';

const LIGHTNESS: Record<ColorTheme, number> = { light: 0.8, dark: 0.48 };
const CHROMA: Record<ColorTheme, number> = { light: 0.11, dark: 0.1 };
const LIGHTNESS_STEP: Record<ColorTheme, number> = { light: 0.06, dark: 0.04 };

/** A stable colour ("#rrggbb") for a service name; grey for a span with no known service. */
export function serviceColor(service: string, theme: ColorTheme): string {
  if (service === '' || service === UNKNOWN_SERVICE) return neutralColor(theme);
  const hash = hashString(service);
  const step = (hash % 3) - 1;
  return oklchToHex(LIGHTNESS[theme] + step * LIGHTNESS_STEP[theme], CHROMA[theme], hueOf(hash));
}

/** Grey at the bars' lightness: for spans of no known service and uninstrumented (virtual) callees. */
export function neutralColor(theme: ColorTheme): string {
  return oklchToHex(LIGHTNESS[theme], 0, 0);
}

/** The name's hue in degrees [0, 360). */
export function serviceHue(service: string): number {
  return hueOf(hashString(service));
}

/** The hue from the high bits, the lightness step (hash % 3) from the low ones. */
function hueOf(hash: number): number {
  return (hash / 4294967296) * 360;
}

/** DARK_TEXT or LIGHT_TEXT, whichever contrasts more with a "#rgb" / "#rrggbb" background. */
export function textColorOn(background: string): string {
  const rgb = parseHex(background);
  if (rgb === null) return DARK_TEXT;
  const bg = relativeLuminance(rgb);
  const dark = relativeLuminance(parseHex(DARK_TEXT)!);
  const light = relativeLuminance(parseHex(LIGHT_TEXT)!);
  return contrastRatio(bg, dark) >= contrastRatio(bg, light) ? DARK_TEXT : LIGHT_TEXT;
}

/** WCAG contrast ratio between two relative luminances (1 … 21). */
export function contrastRatio(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** WCAG relative luminance of an sRGB colour given as 0–255 channels. */
export function relativeLuminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (c: number) => {
    const x = c / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function parseHex(color: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16)];
}

/**
 * FNV-1a over the UTF-16 code units, then the MurmurHash3 finaliser: FNV alone
 * barely moves the high bits for names that differ in their last character
 * ("svc-1", "svc-2"), and the hue is taken from the high bits.
 */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** OKLCH (L 0–1, chroma, hue in degrees) to "#rrggbb", lowering chroma until it is inside sRGB. */
function oklchToHex(lightness: number, chroma: number, hueDeg: number): string {
  const hue = (hueDeg * Math.PI) / 180;
  for (let c = chroma; ; c *= 0.9) {
    const rgb = oklabToLinearSrgb(lightness, c * Math.cos(hue), c * Math.sin(hue));
    if (c < 1e-4 || rgb.every((v) => v >= -1e-6 && v <= 1 + 1e-6)) {
      return '#' + rgb.map((v) => toByte(v).toString(16).padStart(2, '0')).join('');
    }
  }
}

/** Björn Ottosson's OKLab → linear sRGB matrices. */
function oklabToLinearSrgb(L: number, a: number, b: number): [number, number, number] {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

function toByte(linear: number): number {
  const x = Math.min(1, Math.max(0, linear));
  const encoded = x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055;
  return Math.round(encoded * 255);
}

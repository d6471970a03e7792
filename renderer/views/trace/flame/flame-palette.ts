/** The flame chart's colours: the theme's CSS variables plus one colour per service of the trace. */
import { serviceColor, textColorOn, type ColorTheme } from '../../../../shared/render/service-colors.js';

export interface FlamePalette {
  theme: ColorTheme;
  /** Chart background (--card). */
  bg: string;
  fg: string;
  muted: string;
  border: string;
  accent: string;
  error: string;
  /** Text drawn on the error colour (the error-origin icon). */
  onError: string;
  /** Bar colour and its label colour, by service index (FlameModel.services). */
  service: string[];
  serviceText: string[];
}

const FALLBACK: Record<ColorTheme, Record<'bg' | 'fg' | 'muted' | 'border' | 'accent' | 'error', string>> = {
  light: { bg: '#ffffff', fg: '#1c1d21', muted: '#656a76', border: '#dcdee3', accent: '#2f6fdb', error: '#a11d1d' },
  dark: { bg: '#1f2126', fg: '#e6e7ea', muted: '#9ba0ab', border: '#34373f', accent: '#6b9cf0', error: '#f3a5a5' },
};

/** Reads renderer/styles.css's variables as they apply to `element` (read again when the theme flips). */
export function readPalette(element: Element, theme: ColorTheme, services: readonly string[]): FlamePalette {
  const style = getComputedStyle(element);
  const fallback = FALLBACK[theme];
  const read = (name: string, fallbackValue: string) => style.getPropertyValue(name).trim() || fallbackValue;
  const error = read('--error-fg', fallback.error);
  const service = services.map((s) => serviceColor(s, theme));
  return {
    theme,
    bg: read('--card', fallback.bg),
    fg: read('--fg', fallback.fg),
    muted: read('--muted', fallback.muted),
    border: read('--border', fallback.border),
    accent: read('--accent', fallback.accent),
    error,
    onError: textColorOn(error),
    service,
    serviceText: service.map(textColorOn),
  };
}

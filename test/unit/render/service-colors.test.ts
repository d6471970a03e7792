import { describe, expect, it } from 'vitest';
import { UNKNOWN_SERVICE } from '../../../shared/model/span.js';
import {
  contrastRatio,
  DARK_TEXT,
  LIGHT_TEXT,
  neutralColor,
  parseHex,
  relativeLuminance,
  serviceColor,
  serviceHue,
  textColorOn,
  type ColorTheme,
} from '../../../shared/render/service-colors.js';

const TYPICAL = [
  'frontend',
  'checkout',
  'payment',
  'cart',
  'inventory',
  'shipping',
  'email',
  'currency',
  'recommendation',
  'ad',
  'api-gateway',
  'auth',
  'user',
  'orders',
  'inventory-db',
  'redis',
  'kafka',
  'svc-1',
  'svc-2',
  'svc-3',
];
const THEMES: ColorTheme[] = ['light', 'dark'];

function contrastOf(a: string, b: string): number {
  return contrastRatio(relativeLuminance(parseHex(a)!), relativeLuminance(parseHex(b)!));
}

describe('serviceColor', () => {
  it.each(THEMES)('gives "#rrggbb" colours, the same for the same name whatever was asked before (%s)', (theme) => {
    const first = TYPICAL.map((s) => serviceColor(s, theme));
    const reversed = [...TYPICAL].reverse().map((s) => serviceColor(s, theme));
    expect(reversed.reverse()).toEqual(first);
    for (const c of first) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });

  // Exports and screenshots from earlier versions show these: a change of
  // hash or colour space must be a deliberate decision, not an accident.
  it.each([
    ['payment', 'light', '#e3d27b'],
    ['frontend', 'light', '#56c1a2'],
    ['api-gateway', 'dark', '#3c5d96'],
    ['checkout', 'dark', '#716c19'],
  ] as const)('%s in the %s theme is %s', (service, theme, color) => {
    expect(serviceColor(service, theme)).toBe(color);
  });

  it.each(THEMES)('gives typical names distinct colours spread over the hue circle (%s)', (theme) => {
    const colors = TYPICAL.map((s) => serviceColor(s, theme));
    expect(new Set(colors).size).toBe(TYPICAL.length);
    // 20 names over twelve 30° sectors: a hash that clumped (e.g. on the
    // shared prefix of svc-1, svc-2, svc-3) would fill far fewer.
    const sectors = new Set(TYPICAL.map((s) => Math.floor(serviceHue(s) / 30)));
    expect(sectors.size).toBeGreaterThanOrEqual(8);
    expect(new Set(['svc-1', 'svc-2', 'svc-3'].map((s) => Math.floor(serviceHue(s) / 30))).size).toBe(3);
  });

  it('depends on the theme', () => {
    for (const s of TYPICAL) expect(serviceColor(s, 'light')).not.toBe(serviceColor(s, 'dark'));
  });

  it.each(THEMES)('keeps the theme text readable on every bar: 4.5:1 or more for 2,000 names (%s)', (theme) => {
    const text = theme === 'light' ? DARK_TEXT : LIGHT_TEXT;
    for (let i = 0; i < 2000; i++) {
      const bar = serviceColor(`service-${i}`, theme);
      expect(textColorOn(bar)).toBe(text);
      expect(contrastOf(bar, text)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it.each(THEMES)('draws spans of no known service in grey (%s)', (theme) => {
    for (const name of ['', UNKNOWN_SERVICE]) {
      const [r, g, b] = parseHex(serviceColor(name, theme))!;
      expect(r).toBe(g);
      expect(g).toBe(b);
      expect(serviceColor(name, theme)).toBe(neutralColor(theme));
    }
  });
});

describe('textColorOn', () => {
  it.each([
    ['#000000', LIGHT_TEXT],
    ['#ffffff', DARK_TEXT],
    ['#fff', DARK_TEXT],
    ['#1f2126', LIGHT_TEXT], // the dark theme's card
    ['#ffd400', DARK_TEXT], // bright yellow
    ['#0000ff', LIGHT_TEXT], // pure blue is dark
    ['not a colour', DARK_TEXT],
  ])('on %s → %s', (background, text) => {
    expect(textColorOn(background)).toBe(text);
  });
});

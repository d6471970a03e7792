/** The diverging scale of a before/after change, which the app and its exports paint with. */
import { describe, expect, it } from 'vitest';
import { diffScaleColor, FASTER, mixHex, SLOWER } from '../../../shared/render/diff-colors.js';
import { neutralColor, parseHex } from '../../../shared/render/service-colors.js';

describe('diff colours', () => {
  it('mixes hex colours channel by channel', () => {
    expect(mixHex('#000000', '#ffffff', 0)).toBe('#000000');
    expect(mixHex('#000000', '#ffffff', 1)).toBe('#ffffff');
    expect(mixHex('#000000', '#ff8000', 0.5)).toBe('#804000');
    expect(mixHex('not a colour', '#123456', 0.5)).toBe('#123456');
  });

  it.each(['light', 'dark'] as const)('runs grey → FASTER below 0 and grey → SLOWER above, never as faint as grey (%s)', (theme) => {
    expect(diffScaleColor(0, theme)).toBe(neutralColor(theme));
    expect(diffScaleColor(-1, theme)).toBe(FASTER[theme]);
    expect(diffScaleColor(1, theme)).toBe(SLOWER[theme]);
    expect(diffScaleColor(-3, theme)).toBe(FASTER[theme]);
    // The floor: the smallest change is a quarter of the way from grey already.
    expect(diffScaleColor(0.01, theme)).toBe(mixHex(neutralColor(theme), SLOWER[theme], 0.25 + 0.75 * 0.01));
    const blue = (c: string) => parseHex(c)![2] - parseHex(c)![0];
    expect(blue(diffScaleColor(-0.5, theme))).toBeGreaterThan(0);
    expect(blue(diffScaleColor(0.5, theme))).toBeLessThan(0);
  });
});

/**
 * `node scripts/make-icon.mjs`: renders renderer/favicon.svg to build/icon.png
 * at 512×512, the app icon electron-builder turns into each platform's format
 * (it needs at least 512 px for macOS). The PNG is committed, so packaging does
 * not depend on this script; rerun it when the favicon changes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { isMainModule, projectRoot } from './build.mjs';

export const ICON_SIZE = 512;
export const iconPath = path.join(projectRoot, 'build', 'icon.png');

/** The favicon as a square PNG of `size` pixels. */
export function renderIcon(size = ICON_SIZE) {
  const svg = readFileSync(path.join(projectRoot, 'renderer', 'favicon.svg'));
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

if (isMainModule(import.meta.url)) {
  mkdirSync(path.dirname(iconPath), { recursive: true });
  writeFileSync(iconPath, renderIcon());
  console.log(`Wrote ${path.relative(projectRoot, iconPath)}`);
}

/**
 * Small text helpers the aggregate figures share: wrapping a sentence into
 * lines (an SVG <text> never wraps by itself), counts written the same way
 * in every figure (signed changes are compare-text.ts's).
 *
 * Counts use a fixed locale (en-US: "1,204"), not the machine's: the same
 * dataset must export the same bytes from the app and from the CLI, on any
 * machine.
 */
import { fitText, textWidth } from '../svg.js';

/** 1204 → "1,204". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "service operation"; the root and '(other)' frames have no service (as the app's icicles label them). */
export function frameLabel(frame: { service: string; operation: string }): string {
  return frame.service === '' ? frame.operation : `${frame.service} ${frame.operation}`;
}

/**
 * `content` broken at spaces into lines no wider than `width` px at `size`
 * px (greedy). A word wider than a line is cut with an ellipsis; beyond
 * `maxLines` the last line kept ends with an ellipsis.
 */
export function wrapText(content: string, width: number, size: number, maxLines = Infinity, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of content.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(candidate, size, bold) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = textWidth(word, size, bold) <= width ? word : fitText(word, width, size, bold);
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[kept.length - 1] = fitText(`${kept[kept.length - 1]!} …`, width, size, bold);
  return kept;
}

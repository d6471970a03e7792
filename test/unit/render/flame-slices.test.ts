import { describe, expect, it } from 'vitest';
import type { FlameFrame } from '../../../shared/analysis/accumulation/critical-flame.js';
import { flameSlices } from '../../../shared/render/flame-slices.js';

/** A frame named `operation` with `selfNs` of its own on top of its children. */
function frame(operation: string, selfNs: number, children: FlameFrame[] = []): FlameFrame {
  const totalNs = selfNs + children.reduce((sum, c) => sum + c.totalNs, 0);
  return { service: 'svc', operation, virtual: false, selfNs, totalNs, traces: 1, children };
}

/**
 *   depth 0  |root                                            100|
 *   depth 1  |a                    60|b             35|c 4|d 1|      d: 1% of the root
 *   depth 2  |a1     30|a2  20|      |b1 1|
 */
const ROOT = frame('root', 0, [
  frame('a', 10, [frame('a1', 30), frame('a2', 20)]),
  frame('b', 34, [frame('b1', 1)]),
  frame('c', 4),
  frame('d', 1),
]);

const summary = (root: FlameFrame, minFraction: number) =>
  flameSlices(root, minFraction).map((s) => [s.frame.operation, s.depth, +s.x0.toFixed(6), +s.x1.toFixed(6)]);

describe('flameSlices', () => {
  it.each<[number, (string | number)[][]]>([
    [
      0,
      [
        ['root', 0, 0, 1],
        ['a', 1, 0, 0.6],
        ['a1', 2, 0, 0.3],
        ['a2', 2, 0.3, 0.5],
        ['b', 1, 0.6, 0.95],
        ['b1', 2, 0.6, 0.61],
        ['c', 1, 0.95, 0.99],
        ['d', 1, 0.99, 1],
      ],
    ],
    [
      // Exactly minFraction wide stays; narrower goes, and the frames after it keep their place.
      0.01,
      [
        ['root', 0, 0, 1],
        ['a', 1, 0, 0.6],
        ['a1', 2, 0, 0.3],
        ['a2', 2, 0.3, 0.5],
        ['b', 1, 0.6, 0.95],
        ['b1', 2, 0.6, 0.61],
        ['c', 1, 0.95, 0.99],
        ['d', 1, 0.99, 1],
      ],
    ],
    [
      0.02,
      [
        ['root', 0, 0, 1],
        ['a', 1, 0, 0.6],
        ['a1', 2, 0, 0.3],
        ['a2', 2, 0.3, 0.5],
        ['b', 1, 0.6, 0.95],
        ['c', 1, 0.95, 0.99],
      ],
    ],
    [
      0.25,
      [
        ['root', 0, 0, 1],
        ['a', 1, 0, 0.6],
        ['a1', 2, 0, 0.3],
        ['b', 1, 0.6, 0.95],
      ],
    ],
  ])('minFraction %s: pre-order, x as a share of the root, narrow frames left out with their time', (minFraction, expected) => {
    expect(summary(ROOT, minFraction)).toEqual(expected);
  });

  it('lays out a zoomed-in frame as the full width', () => {
    expect(summary(ROOT.children[0]!, 0)).toEqual([
      ['a', 0, 0, 1],
      ['a1', 1, 0, 0.5],
      ['a2', 1, 0.5, 0.833333],
    ]);
  });

  it('gives an empty root (no time) one full-width slice and nothing under it', () => {
    expect(summary(frame('root', 0, [frame('x', 0)]), 0)).toEqual([['root', 0, 0, 1]]);
  });

  it('handles a chain 50,000 deep without recursion', () => {
    let f = frame('leaf', 1);
    for (let i = 0; i < 50_000; i++) f = frame(`f${i}`, 0, [f]);
    const slices = flameSlices(f, 0.5);
    expect(slices).toHaveLength(50_001);
    expect(slices[50_000]).toMatchObject({ depth: 50_000, x0: 0, x1: 1, frame: { operation: 'leaf' } });
  });
});

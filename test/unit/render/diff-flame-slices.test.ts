import { describe, expect, it } from 'vitest';
import type { DiffFrame } from '../../../shared/engine/compare-api.js';
import { diffChange, diffSlices, type DiffChange } from '../../../shared/render/diff-flame-slices.js';

function frame(operation: string, aNs: number, bNs: number, children: DiffFrame[] = []): DiffFrame {
  return { service: 'svc', operation, virtual: false, aNs, bNs, aSelfNs: 0, bSelfNs: 0, children };
}

const summary = (root: DiffFrame, minFraction: number) =>
  diffSlices(root, minFraction).map((s) => [s.frame.operation, s.depth, +s.x0.toFixed(6), +s.x1.toFixed(6)]);

describe('diffSlices', () => {
  it.each<{ name: string; root: DiffFrame; minFraction: number; expected: (string | number)[][] }>([
    {
      /**
       *   root a 100, b 80 → width 100
       *   |x a 60 b 20 (60)        |y a 10 b 40 (40) |
       *   |x1 a 30 b 10|
       */
      name: 'each frame as wide as its larger side',
      root: frame('root', 100, 80, [frame('x', 60, 20, [frame('x1', 30, 10)]), frame('y', 10, 40)]),
      minFraction: 0,
      expected: [
        ['root', 0, 0, 1],
        ['x', 1, 0, 0.6],
        ['x1', 2, 0, 0.3],
        ['y', 1, 0.6, 1],
      ],
    },
    {
      name: 'narrow frames left out with their children, their room left empty',
      root: frame('root', 100, 100, [frame('x', 50, 50, [frame('x1', 0.5, 0)]), frame('tiny', 0.5, 0.2), frame('z', 10, 10)]),
      minFraction: 0.01,
      expected: [
        ['root', 0, 0, 1],
        ['x', 1, 0, 0.5],
        ['z', 1, 0.505, 0.605],
      ],
    },
    {
      /**   parent 10 on both sides; child p 10 in a only, child q 10 in b only → 20 > 10: both halved */
      name: 'children whose larger sides add up to more than the parent are scaled to fit',
      root: frame('root', 10, 10, [frame('p', 10, 0), frame('q', 0, 10)]),
      minFraction: 0,
      expected: [
        ['root', 0, 0, 1],
        ['p', 1, 0, 0.5],
        ['q', 1, 0.5, 1],
      ],
    },
    { name: 'an empty root alone', root: frame('root', 0, 0, [frame('x', 0, 0)]), minFraction: 0, expected: [['root', 0, 0, 1]] },
  ])('$name', ({ root, minFraction, expected }) => {
    expect(summary(root, minFraction)).toEqual(expected);
  });

  it('lays out a chain 100k deep without recursion', () => {
    let deep = frame('leaf', 1, 1);
    for (let k = 0; k < 100_000; k++) deep = frame('f', 1, 1, [deep]);
    expect(diffSlices(deep, 0)).toHaveLength(100_001);
  });
});

describe('diffChange', () => {
  it.each<[aNs: number, bNs: number, DiffChange]>([
    [0, 10, 'added'],
    [10, 0, 'removed'],
    [100, 97, 'same'],
    [100, 103, 'same'],
    [100, 50, 'faster'],
    [50, 100, 'slower'],
    [0, 0, 'same'],
  ])('a %d, b %d → %s', (aNs, bNs, change) => {
    expect(diffChange(frame('f', aNs, bNs))).toBe(change);
  });
});

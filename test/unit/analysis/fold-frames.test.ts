/** Folding a merged call tree under a budget: which frames stay, and what each '(other)' frame stands for. */
import { describe, expect, it } from 'vitest';
import { foldDropped, keepHeaviest } from '../../../shared/analysis/model/fold-frames.js';

//   0 root ─┬─ 1 a (90) ─┬─ 3 c (50)
//           │            └─ 4 d (5) ─ 5 e (4)
//           └─ 2 b (40)
const PARENT = [-1, 0, 0, 1, 1, 4];
const WEIGHT = [0, 90, 40, 50, 5, 4];

describe('keepHeaviest', () => {
  it.each([
    [5, [1, 1, 1, 1, 1, 1]],
    [4, [1, 1, 1, 1, 0, 0]],
    [3, [1, 1, 0, 0, 0, 0]],
  ])('with a budget of %i keeps %j', (max, kept) => {
    expect(Array.from(keepHeaviest(PARENT, WEIGHT, max))).toEqual(kept);
  });
});

describe('foldDropped', () => {
  // Trace 0 passes a, c; trace 1 a, d, e; trace 2 a, d; trace 3 b.
  const touched = [1, 3, 1, 4, 5, 1, 4, 2];
  const ends = [2, 5, 7, 8];

  it('anchors each dropped frame at its nearest kept ancestor and counts each trace once', () => {
    const kept = keepHeaviest(PARENT, WEIGHT, 4);
    const f = foldDropped(PARENT, kept, touched, ends);
    expect(Array.from(f.anchor)).toEqual([-1, -1, -1, -1, 1, 1]);
    expect(Array.from(f.hasOther)).toEqual([0, 1, 0, 0, 0, 0]);
    // Traces 1 and 2 pass through d (trace 1 through e too): two, not three.
    expect(Array.from(f.otherTraces)).toEqual([0, 2, 0, 0, 0, 0]);
  });

  it('folds nothing when every frame is kept', () => {
    const f = foldDropped(PARENT, new Uint8Array(6).fill(1), touched, ends);
    expect(Array.from(f.hasOther)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(f.otherTraces)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import type { CriticalFlame, FlameFrame } from '../../../shared/analysis/accumulation/critical-flame.js';
import { flameDiff } from '../../../shared/analysis/compare/flame-diff.js';
import type { DiffFrame } from '../../../shared/engine/compare-api.js';

/** "service operation" with `selfNs` of its own on top of its children. */
function frame(label: string, selfNs: number, children: FlameFrame[] = [], virtual = false): FlameFrame {
  const [service, operation] = label.split(' ') as [string, string];
  const totalNs = selfNs + children.reduce((sum, c) => sum + c.totalNs, 0);
  return { service, operation, virtual, selfNs, totalNs, traces: 1, children };
}
function flame(traces: number, children: FlameFrame[]): CriticalFlame {
  const root = frame(' all traces', 0, children);
  return { root: { ...root, service: '', operation: 'all traces' }, traces, thresholdNs: 0 };
}

/** Depth-first: "depth label a/b self a/b". */
function outline(root: DiffFrame): string[] {
  const lines: string[] = [];
  const stack: [DiffFrame, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [f, depth] = stack.pop()!;
    lines.push(
      `${depth} ${f.service ? `${f.service} ` : ''}${f.operation}${f.virtual ? ' (virtual)' : ''} ${f.aNs}/${f.bNs} self ${f.aSelfNs}/${f.bSelfNs}`,
    );
    for (let i = f.children.length - 1; i >= 0; i--) stack.push([f.children[i]!, depth + 1]);
  }
  return lines;
}

describe('flameDiff', () => {
  it.each<{ name: string; a: CriticalFlame; b: CriticalFlame; expected: string[] }>([
    {
      /**
       *   a, 2 traces: gw 200 (self 0) → order 120, payment 80        b, 4 traces: gw 200 → order 200
       *   → per trace: gw 100/50; order 60/50; payment 40/0 (only in a)
       */
      name: 'means per trace, a frame on one side only gets 0 on the other',
      a: flame(2, [frame('gw GET', 0, [frame('order place', 120), frame('payment charge', 80)])]),
      b: flame(4, [frame('gw GET', 0, [frame('order place', 200)])]),
      expected: [
        '0 all traces 100/50 self 0/0',
        '1 gw GET 100/50 self 0/0',
        '2 order place 60/50 self 60/50',
        '2 payment charge 40/0 self 40/0',
      ],
    },
    {
      name: 'children sorted by the larger side; a frame new in b',
      a: flame(1, [frame('gw GET', 10, [frame('order place', 30)])]),
      b: flame(1, [frame('gw GET', 10, [frame('order place', 20), frame('cache get', 50)])]),
      expected: [
        '0 all traces 40/80 self 0/0',
        '1 gw GET 40/80 self 10/10',
        '2 cache get 0/50 self 0/50',
        '2 order place 30/20 self 30/20',
      ],
    },
    {
      name: 'virtual on either side makes the frame virtual; same path at different depths stays apart',
      a: flame(1, [frame('gw GET', 0, [frame('pg SELECT', 10, [], true)]), frame('pg SELECT', 5, [], true)]),
      b: flame(1, [frame('gw GET', 0, [frame('pg SELECT', 10)])]),
      expected: [
        '0 all traces 15/10 self 0/0',
        '1 gw GET 10/10 self 0/0',
        '2 pg SELECT (virtual) 10/10 self 10/10',
        '1 pg SELECT (virtual) 5/0 self 5/0',
      ],
    },
    {
      name: 'an empty side is zeros',
      a: flame(0, []),
      b: flame(1, [frame('gw GET', 7)]),
      expected: ['0 all traces 0/7 self 0/0', '1 gw GET 0/7 self 0/7'],
    },
  ])('$name', ({ a, b, expected }) => {
    expect(outline(flameDiff(a, b))).toEqual(expected);
  });

  it('merges a chain 50k deep without recursion', () => {
    let deep = frame('s op', 1);
    for (let k = 0; k < 50_000; k++) deep = frame('s op', 1, [deep]);
    let f = flameDiff(flame(1, [deep]), flame(1, [deep]));
    let depth = 0;
    while (f.children.length > 0) {
      f = f.children[0]!;
      depth++;
    }
    expect(depth).toBe(50_001);
  });
});

/**
 * The differential critical-path flame: two aggregate flames
 * (critical-flame.ts) merged frame by frame along their (service, operation)
 * paths, each side's time as a mean per trace so datasets of different
 * sizes compare.
 *
 *   a (2 traces)                      b (4 traces)
 *   |all traces                 200|  |all traces                 200|
 *   |gw GET /checkout           200|  |gw GET /checkout           200|
 *   |order place 120 |payment 80|     |order place 200               |
 *
 *   merged, per trace:  gw GET /checkout  a 100, b 50
 *                         order place     a 60,  b 50
 *                         payment charge  a 40,  b 0   (only in a)
 *
 * aNs = frame.totalNs ÷ a.traces, aSelfNs = frame.selfNs ÷ a.traces (0 when
 * a has no traces), the same for b; a frame on one side only gets 0 on the
 * other. `virtual` is true when either side says so. Children are sorted by
 * max(aNs, bNs) descending, then service, then operation. Iterative.
 */
import type { CriticalFlame, FlameFrame } from '../accumulation/critical-flame.js';
import type { DiffFrame } from '../../engine/compare-api.js';

export function flameDiff(a: CriticalFlame, b: CriticalFlame): DiffFrame {
  const perA = a.traces > 0 ? 1 / a.traces : 0;
  const perB = b.traces > 0 ? 1 / b.traces : 0;
  const make = (fa: FlameFrame | null, fb: FlameFrame | null): DiffFrame => {
    const named = (fa ?? fb)!;
    return {
      service: named.service,
      operation: named.operation,
      virtual: (fa?.virtual ?? false) || (fb?.virtual ?? false),
      aNs: fa ? fa.totalNs * perA : 0,
      bNs: fb ? fb.totalNs * perB : 0,
      aSelfNs: fa ? fa.selfNs * perA : 0,
      bSelfNs: fb ? fb.selfNs * perB : 0,
      children: [],
    };
  };
  const root = make(a.root, b.root);
  const stack: { fa: FlameFrame | null; fb: FlameFrame | null; out: DiffFrame }[] = [{ fa: a.root, fb: b.root, out: root }];
  while (stack.length > 0) {
    const { fa, fb, out } = stack.pop()!;
    const pairs = new Map<string, { fa: FlameFrame | null; fb: FlameFrame | null }>();
    for (const c of fa?.children ?? []) pairs.set(keyOf(c), { fa: c, fb: null });
    for (const c of fb?.children ?? []) {
      const pair = pairs.get(keyOf(c));
      if (pair) pair.fb = c;
      else pairs.set(keyOf(c), { fa: null, fb: c });
    }
    for (const pair of pairs.values()) {
      const child = make(pair.fa, pair.fb);
      out.children.push(child);
      stack.push({ ...pair, out: child });
    }
    out.children.sort(byWidth);
  }
  return root;
}

function keyOf(frame: FlameFrame): string {
  return `${frame.service}\u0000${frame.operation}`;
}

function byWidth(x: DiffFrame, y: DiffFrame): number {
  return Math.max(y.aNs, y.bNs) - Math.max(x.aNs, x.bNs) || compare(x.service, y.service) || compare(x.operation, y.operation);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

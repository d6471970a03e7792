/**
 * One trace of a million spans, built in memory as a SpanTable: a tree that
 * fans out breadth first, each parent running its children one after
 * another (most) or side by side, inside its own window. The shape a batch
 * job or a very chatty request produces; what the critical path must handle
 * in under a second.
 */
import { KIND, emptyLinks, type SpanTable } from '../shared/analysis/model/span-table.js';
import { Random } from './seeded-random.js';

const SERVICES = ['gateway', 'order', 'inventory', 'payment', 'fulfillment', 'notification', 'search', 'pricing'];

export function syntheticBigTrace(spans: number, seed = 7): SpanTable {
  const rng = new Random(seed);
  const start = new Float64Array(spans);
  const end = new Float64Array(spans);
  const parent = new Int32Array(spans).fill(-1);
  const service = new Array<string>(spans);
  start[0] = 0;
  end[0] = 60e9;
  service[0] = SERVICES[0]!;
  let made = 1;
  for (let p = 0; p < made && made < spans; p++) {
    const children = Math.min(spans - made, 1 + Math.floor(rng.next() * 6));
    const window = end[p]! - start[p]!;
    const sequential = rng.next() < 0.7;
    const slot = window / children;
    for (let c = 0; c < children; c++) {
      const i = made++;
      parent[i] = p;
      service[i] = rng.next() < 0.3 ? SERVICES[Math.floor(rng.next() * SERVICES.length)]! : service[p]!;
      if (sequential) {
        start[i] = start[p]! + c * slot + slot * 0.05;
        end[i] = start[i]! + slot * (0.5 + rng.next() * 0.45);
      } else {
        start[i] = start[p]! + window * rng.next() * 0.2;
        end[i] = start[i]! + (end[p]! - start[i]!) * (0.3 + rng.next() * 0.7);
      }
    }
  }
  const spanId = Array.from({ length: spans }, (_, i) => i.toString(16).padStart(16, '0'));
  return {
    size: spans,
    baseNs: 1_740_000_000_000_000_000n,
    traceId: new Array<string>(spans).fill('b'.repeat(32)),
    spanId,
    parents: { index: parent },
    service,
    name: Array.from(service, (s) => `${s} op`),
    kind: new Uint8Array(spans).fill(KIND.internal),
    start,
    end,
    error: new Uint8Array(spans),
    followsFrom: new Uint8Array(spans),
    peer: new Array<string | null>(spans).fill(null),
    resendCount: new Int32Array(spans).fill(-1),
    httpStatus: new Int32Array(spans),
    links: emptyLinks(),
  };
}

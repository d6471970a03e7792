/**
 * hop-attribution.ts for every span at once, as small integers: the
 * dataset-wide aggregations look a span's service and operation up millions
 * of times, and string keys made per lookup were most of their cost.
 */
import type { TraceTree } from '../model/trace-tree.js';
import { attributeSpanTime } from './hop-attribution.js';

export interface AttributionIndex {
  /** Per span: the id of the service its critical-path time belongs to. */
  readonly serviceOf: Int32Array;
  /** Per span: the id of (that service, the span's operation). */
  readonly operationOf: Int32Array;
  readonly services: readonly { name: string; virtual: boolean }[];
  readonly operations: readonly { service: number; name: string }[];
}

export function attributionIndex(tree: TraceTree): AttributionIndex {
  const t = tree.table;
  const serviceOf = new Int32Array(t.size);
  const operationOf = new Int32Array(t.size);
  const services: { name: string; virtual: boolean }[] = [];
  const operations: { service: number; name: string }[] = [];
  const serviceIds = new Map<string, number>();
  const nameIds = new Map<string, number>();
  const operationIds = new Map<number, number>();
  for (let i = 0; i < t.size; i++) {
    const where = attributeSpanTime(tree, i);
    let s = serviceIds.get(where.service);
    if (s === undefined) {
      serviceIds.set(where.service, (s = services.length));
      services.push({ name: where.service, virtual: where.virtual });
    }
    serviceOf[i] = s;
    let n = nameIds.get(t.name[i]!);
    if (n === undefined) nameIds.set(t.name[i]!, (n = nameIds.size));
    // Pairs packed in one number: fewer than 2^21 names and services in any real dataset.
    const pair = s * 2 ** 21 + n;
    let o = operationIds.get(pair);
    if (o === undefined) {
      operationIds.set(pair, (o = operations.length));
      operations.push({ service: s, name: t.name[i]! });
    }
    operationOf[i] = o;
  }
  return { serviceOf, operationOf, services, operations };
}

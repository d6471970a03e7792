/**
 * Services as small integers, so the graph analyses count per service in
 * typed arrays instead of building string keys per span.
 *
 *   span      0       1        2          3
 *   service   gw      order    gw         pay
 *   of        0       1        0          2          names = [gw, order, pay]
 *
 * Ids 0 … realCount-1 are the services that emitted spans; `intern` appends
 * names that only appear as callees (virtual services) after them.
 */
import type { SpanTable } from '../model/span-table.js';

export interface ServiceIds {
  /** Service id of every span. */
  readonly of: Int32Array;
  /** Name of every id. */
  readonly names: string[];
  /** Services that emitted spans: ids below this. */
  readonly realCount: number;
  /** The id of a name, adding it when new. */
  intern(name: string): number;
}

export function serviceIds(table: SpanTable): ServiceIds {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const intern = (name: string): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
    }
    return id;
  };
  const of = new Int32Array(table.size);
  // Neighbouring spans are mostly of one service: skip the map lookup for a repeat.
  for (let i = 0; i < table.size; i++) {
    of[i] = i > 0 && table.service[i] === table.service[i - 1] ? of[i - 1]! : intern(table.service[i]!);
  }
  return { of, names, realCount: names.length, intern };
}

/** Short hops in a row become one row of the accumulation strip; the hops that matter keep theirs. */
import { describe, expect, it } from 'vitest';
import type { TraceHop } from '../../../shared/engine/views-api.js';
import { accumulationRows } from '../../../shared/render/accumulation-rows.js';

/** Hops from [service, totalNs, overheadNs] with running totals. */
function hops(...specs: [string, number, number?][]): TraceHop[] {
  let running = 0;
  return specs.map(([service, totalNs, overheadNs = 0], span) => {
    running += totalNs;
    return {
      span,
      service,
      virtual: false,
      start: running - totalNs,
      selfNs: totalNs - overheadNs,
      overheadNs,
      queueNs: 0,
      totalNs,
      runningNs: running,
    };
  });
}

const shape = (rows: ReturnType<typeof accumulationRows>) =>
  rows.map((r) => (r.kind === 'hop' ? r.hop.service : `${r.hops.length}×[${r.services.join(',')}] ${r.fromNs}→${r.runningNs}`));

describe('accumulationRows', () => {
  it.each([
    {
      // path 1000: gateway 1 · redis 2 · gateway 1 | order 96 | payment 900
      name: 'a run of short hops becomes one row',
      hops: hops(['gateway', 1], ['redis', 2], ['gateway', 1], ['order', 96], ['payment', 900]),
      rows: ['3×[gateway,redis] 0→4', 'order', 'payment'],
    },
    {
      name: 'one short hop between long ones keeps its row',
      hops: hops(['order', 500], ['redis', 2], ['payment', 498]),
      rows: ['order', 'redis', 'payment'],
    },
    {
      name: 'short runs at both ends',
      hops: hops(['a', 1], ['b', 1], ['order', 995], ['c', 1], ['d', 2]),
      rows: ['2×[a,b] 0→2', 'order', '2×[c,d] 997→1000'],
    },
    { name: 'no hops', hops: [], rows: [] },
  ])('$name', ({ hops: input, rows }) => {
    const pathNs = input.at(-1)?.runningNs ?? 0;
    expect(shape(accumulationRows(input, pathNs))).toEqual(rows);
  });

  it('sums the time and the overhead of a group', () => {
    const rows = accumulationRows(hops(['a', 3, 1], ['b', 4, 2], ['big', 993]), 1000);
    expect(rows[0]).toMatchObject({ kind: 'group', totalNs: 7, overheadNs: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import { neighbourhood, type FocusDirection } from '../../../shared/render/map-focus.js';

//   web → gateway → order → payment → bank
//              ↘ search        ↘ db
//   batch → payment;  payment → order (a retry loop back)
const edges = [
  { from: 'web', to: 'gateway' },
  { from: 'gateway', to: 'order' },
  { from: 'gateway', to: 'search' },
  { from: 'order', to: 'payment' },
  { from: 'order', to: 'db' },
  { from: 'payment', to: 'bank' },
  { from: 'batch', to: 'payment' },
  { from: 'payment', to: 'order' },
  { from: 'order', to: 'payment' }, // the same pair again (async)
];

describe('neighbourhood', () => {
  it.each<{ focus: string; depth: number; direction?: FocusDirection; expected: string[] }>([
    { focus: 'order', depth: 0, expected: ['order'] },
    { focus: 'order', depth: 0, direction: 'downstream', expected: ['order'] },
    { focus: 'order', depth: -1, expected: ['order'] },
    { focus: 'order', depth: 1, expected: ['gateway', 'order', 'payment', 'db'] },
    { focus: 'order', depth: 1, direction: 'downstream', expected: ['order', 'payment', 'db'] },
    { focus: 'order', depth: 1, direction: 'upstream', expected: ['gateway', 'order', 'payment'] },
    // Not undirected: search (gateway's other callee) stays out; batch is in only because payment calls order back.
    { focus: 'order', depth: 2, expected: ['web', 'gateway', 'order', 'payment', 'db', 'bank', 'batch'] },
    { focus: 'db', depth: 2, expected: ['db', 'order', 'gateway', 'payment'] },
    { focus: 'search', depth: 2, expected: ['search', 'gateway', 'web'] },
    { focus: 'order', depth: 2, direction: 'downstream', expected: ['order', 'payment', 'db', 'bank'] },
    { focus: 'order', depth: 2, direction: 'upstream', expected: ['web', 'gateway', 'order', 'payment', 'batch'] },
    { focus: 'web', depth: 3, direction: 'downstream', expected: ['web', 'gateway', 'order', 'search', 'payment', 'db'] },
    { focus: 'web', depth: Infinity, direction: 'downstream', expected: ['web', 'gateway', 'order', 'search', 'payment', 'db', 'bank'] },
    { focus: 'web', depth: 5, direction: 'upstream', expected: ['web'] },
    { focus: 'bank', depth: 1.9, direction: 'upstream', expected: ['bank', 'payment'] },
    { focus: 'unknown', depth: 3, expected: ['unknown'] },
  ])('$focus, depth $depth, $direction', ({ focus, depth, direction, expected }) => {
    const got = direction === undefined ? neighbourhood(edges, focus, depth) : neighbourhood(edges, focus, depth, direction);
    expect([...got].sort()).toEqual(expected.slice().sort());
  });

  it('is the union of the downstream and upstream searches', () => {
    for (const focus of ['web', 'gateway', 'order', 'payment', 'batch', 'db'])
      for (const depth of [1, 2, 3]) {
        const both = neighbourhood(edges, focus, depth, 'both');
        const union = new Set([...neighbourhood(edges, focus, depth, 'downstream'), ...neighbourhood(edges, focus, depth, 'upstream')]);
        expect(both).toEqual(union);
      }
  });

  it('counts hops by the shortest route, also around a cycle', () => {
    const ring = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'a', to: 'c' },
    ];
    expect([...neighbourhood(ring, 'a', 1, 'downstream')].sort()).toEqual(['a', 'b', 'c']);
    expect([...neighbourhood(ring, 'b', 1, 'downstream')].sort()).toEqual(['b', 'c']);
    expect([...neighbourhood(ring, 'b', 2, 'downstream')].sort()).toEqual(['a', 'b', 'c']);
  });
});

/**
 * Which asynchronous work the end-to-end path follows (followAsync).
 *
 * A span on a synchronous path hands work off to
 *   - its asynchronous children (isAsyncChild: FOLLOWS_FROM, or CONSUMER under PRODUCER), and
 *   - spans linking to it that are CONSUMERs, or whose link stands for FOLLOWS_FROM.
 * The hand-off point h is the earlier of the handing span's end and the
 * consumer's start, kept inside the window the handing span occupies on the
 * path. The consumer's own synchronous path may hand work off again, and so on.
 *
 *   root      |==================|
 *   p            |==|                             PRODUCER on root's path: h = p.end
 *   consumer               |===========|          queue: h … consumer.start
 *   end-to-end|r-|p-|······|c----------|          root, p, queue, consumer
 *
 *   root      |=============|
 *   f               |=================|           FOLLOWS_FROM child, starts while root runs:
 *   end-to-end|r----|f----------------|           h = f.start, no queue
 *
 * Each piece of async work (a "unit": the top, then every consumer reached)
 * completes when the last unit reached from it does; its completion is the
 * later of its own end and the completion of the units it hands off to.
 * A unit's path follows the hand-off whose unit completes last, and only if
 * that is after the unit's own end (work that finishes earlier is off the
 * path). Ties: the later completion, then the later consumer start, then the
 * higher span index. Units are found breadth-first from the top, hand-offs
 * in path (time) order; a span becomes a unit once, where it is first
 * reached, so cycles of links end.
 *
 * The path of a unit is its synchronous path up to the hand-off point, then
 * the queue, then the path of the unit followed:
 *
 *   top       |==========|h
 *   queue                 |····|
 *   unit                       |=======|h'
 *   queue                               |··|
 *   unit                                   |=====|   end = the last completion
 *
 * When a consumer starts before its hand-off point (skewed clocks, or it
 * was started before the handing span's part of the path), there is no
 * queue and the consumer's path is cut to begin at the hand-off point.
 */
import { isAsyncChild } from '../model/edges.js';
import { walkSyncPath } from './sync-walk.js';
import type { Workspace } from './workspace.js';

export interface AsyncChain {
  /** Spans whose paths make up the end-to-end path: the top, then each consumer followed. */
  readonly units: number[];
  /** handoff[k]: where units[k]'s path hands off to units[k+1]. */
  readonly handoff: number[];
  /** The completion of the top: the last end among the units reached. */
  readonly end: number;
}

export function planAsyncChain(ws: Workspace, top: number, skewTolerance: number): AsyncChain {
  const { tree, mark } = ws;
  const { table } = tree;
  const { start, end } = table;
  const links = ws.linkedConsumers();
  const unitSpan: number[] = [top];
  const owner: number[] = [-1];
  const handAt: number[] = [start[top]!];
  mark[top] = 1;

  let u = 0;
  const reach = (x: number, from: number, a: number, e: number) => {
    if (mark[x] !== 0) return;
    mark[x] = 1;
    const h = Math.min(Math.max(start[from]!, end[from]!), start[x]!);
    unitSpan.push(x);
    owner.push(u);
    handAt.push(h < a ? a : h > e ? e : h);
  };
  const sink = {
    visit(s: number, a: number, e: number) {
      for (let k = tree.childStart[s]!; k < tree.childStart[s + 1]!; k++) {
        const c = tree.childList[k]!;
        if (isAsyncChild(table, c, s)) reach(c, s, a, e);
      }
      for (let k = links.start[s]!; k < links.start[s + 1]!; k++) reach(links.from[k]!, s, a, e);
    },
  };
  for (; u < unitSpan.length; u++) walkSyncPath(tree, ws.chooser, ws.tasks, unitSpan[u]!, skewTolerance, -Infinity, Infinity, sink);
  for (const s of unitSpan) mark[s] = 0;

  // Completions bottom-up: a unit is always found after the unit that reaches it.
  const units = unitSpan.length;
  const unitEnd = (i: number) => Math.max(start[unitSpan[i]!]!, end[unitSpan[i]!]!);
  const completion = Float64Array.from({ length: units }, (_, i) => unitEnd(i));
  const best = new Int32Array(units).fill(-1);
  for (let j = units - 1; j > 0; j--) {
    const o = owner[j]!;
    const c = completion[j]!;
    if (c <= unitEnd(o)) continue;
    const b = best[o]!;
    if (b < 0 || c > completion[b]! || (c === completion[b]! && laterUnit(unitSpan[j]!, unitSpan[b]!))) {
      best[o] = j;
      completion[o] = c;
    }
  }

  const chain = [top];
  const handoff: number[] = [];
  for (let k = best[0]!; k >= 0; k = best[k]!) {
    handoff.push(handAt[k]!);
    chain.push(unitSpan[k]!);
  }
  return { units: chain, handoff, end: completion[0]! };

  function laterUnit(x: number, y: number): boolean {
    return start[x]! > start[y]! || (start[x] === start[y] && x > y);
  }
}

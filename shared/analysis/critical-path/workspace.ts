/**
 * Scratch memory for critical paths of one TraceTree, made once and reused
 * by every path of that tree: asking for the paths of a million-span table
 * one top at a time must not allocate table-sized arrays each time. Held
 * weakly, so it goes when the tree goes.
 */
import { KIND } from '../model/span-table.js';
import type { TraceTree } from '../model/trace-tree.js';
import { ChildChooser } from './choose-children.js';
import { TaskStack } from './sync-walk.js';

export interface Workspace {
  readonly tree: TraceTree;
  readonly chooser: ChildChooser;
  readonly tasks: TaskStack;
  /** Per span, zero between uses (SegmentCollector's exclusive-time slots). */
  readonly slot: Int32Array;
  /** Per span, zero between uses (marks async work already reached). */
  readonly mark: Int32Array;
  /** Spans handing work to a span through links, built on first use. */
  linkedConsumers(): LinkIndex;
}

/** Spans that link to span i: from[start[i] … start[i+1]-1], in link order. */
export interface LinkIndex {
  readonly start: Int32Array;
  readonly from: Int32Array;
}

const workspaces = new WeakMap<TraceTree, Workspace>();

export function workspaceFor(tree: TraceTree): Workspace {
  let ws = workspaces.get(tree);
  if (!ws) {
    const n = tree.table.size;
    let links: LinkIndex | null = null;
    ws = {
      tree,
      chooser: new ChildChooser(tree),
      tasks: new TaskStack(),
      slot: new Int32Array(n),
      mark: new Int32Array(n),
      linkedConsumers: () => (links ??= buildLinkIndex(tree)),
    };
    workspaces.set(tree, ws);
  }
  return ws;
}

/**
 * A link hands work off when the linking span is a CONSUMER (a consumer
 * naming the message's producer) or the link stands for a FOLLOWS_FROM
 * reference. Other links (a span merely pointing at a related one) do not.
 */
function buildLinkIndex(tree: TraceTree): LinkIndex {
  const { table } = tree;
  const { links } = table;
  const n = table.size;
  const target = new Int32Array(links.size).fill(-1);
  const start = new Int32Array(n + 1);
  for (let l = 0; l < links.size; l++) {
    const from = links.from[l]!;
    if (from < 0 || (table.kind[from] !== KIND.consumer && links.followsFrom[l] !== 1)) continue;
    const to = tree.find(links.traceId[l]!, links.spanId[l]!);
    if (to < 0 || to === from) continue;
    target[l] = to;
    start[to + 1]!++;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const from = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let l = 0; l < links.size; l++) if (target[l]! >= 0) from[fill[target[l]!]!++] = links.from[l]!;
  return { start, from };
}

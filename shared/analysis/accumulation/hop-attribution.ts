/**
 * Which service a piece of critical-path time belongs to, as the "hops"
 * picture wants it:
 *
 *   gateway  |==client==========================|
 *   order        |==server====================|      order's own time
 *                  ^^ network/proxy before and after order answers: the
 *                     client span's uncovered time is the overhead of the
 *                     hop INTO order (not gateway's own work)
 *   postgres         |==client (no server child)==|  an uninstrumented callee:
 *                                                    its time is the callee's,
 *                                                    a virtual service named
 *                                                    from the span's peer
 */
import { KIND, type SpanTable } from '../model/span-table.js';
import type { TraceTree } from '../model/trace-tree.js';
import { answeringSpan } from '../hotspots/callee.js';

export type TimeRole = 'self' | 'overhead' | 'queue';

export interface Attribution {
  service: string;
  virtual: boolean;
  role: TimeRole;
}

export function attributeSpanTime(tree: TraceTree, span: number): Attribution {
  const t: SpanTable = tree.table;
  if (t.kind[span] === KIND.client) {
    // The same callee identity the hotspots and the service graph use.
    const callee = answeringSpan(tree, span);
    if (callee >= 0) return { service: t.service[callee]!, virtual: false, role: 'overhead' };
    const peer = t.peer[span];
    if (peer) return { service: peer, virtual: true, role: 'self' };
  }
  return { service: t.service[span]!, virtual: false, role: 'self' };
}

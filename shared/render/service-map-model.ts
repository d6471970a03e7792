/**
 * What the service map draws, from the whole-dataset analysis: nodes with
 * their numbers and hotspot badges, edges with their numbers and retry
 * amplification. Pure, so the badges' rules are tested without a browser.
 *
 * Badges (the rules match the overview's findings, findings.ts):
 *   fan-out       the service makes a fan-out hotspot (parallel-izable calls)
 *   n-plus-one    the service loops over sequential identical calls
 *   retries       the service retries a callee (amplification ≥ 1.05×)
 *   error-origin  the service originates the errors of failed traces
 *   bottleneck    the called service holding the largest share of the
 *                 median critical path among those on most traces' paths
 * A badge sits on the service that does it: the caller of an N+1 loop or of
 * a retried call, not the callee.
 *
 * Messaging: an async call handed over through a destination (the graph
 * edge's `via`) is drawn through a broker node named after it:
 *
 *   order ─ ─ ▶ [orders.placed] ─ ─ ▶ inventory
 *                               ─ ─ ▶ payment
 *
 * The delivering leg (broker → consumer) carries the call's numbers; the
 * publishing leg (producer → broker) has one per producer and destination,
 * with the most calls any of its consumers received (every subscriber gets
 * each message once, so that is the number of messages seen delivered).
 */
import type { SpanRef } from '../engine/analysis-api.js';
import type { DatasetAnalysis } from '../engine/dataset-analysis-api.js';
import { bottleneckNode, MIN_AMPLIFICATION } from '../engine/findings.js';
import { formatNs, percent } from '../text/units.js';

export type BadgeKind = 'bottleneck' | 'n-plus-one' | 'retries' | 'fan-out' | 'error-origin';

export interface MapBadge {
  kind: BadgeKind;
  /** A few characters drawn on the node. */
  label: string;
  /** One sentence for the tooltip. */
  detail: string;
  example?: SpanRef;
}

export interface MapNode {
  service: string;
  /** A callee that sent no spans (database, external API), or a messaging destination (broker). */
  virtual: boolean;
  broker: boolean;
  spans: number;
  traces: number;
  errorRate: number;
  /** Share of traces whose critical path crosses the service (null without critical paths). */
  onCriticalPaths: number | null;
  /** Mean share of a trace's critical path spent in the service (0–1). */
  criticalShare: number;
  badges: MapBadge[];
}

export interface MapEdge {
  from: string;
  to: string;
  mode: 'sync' | 'async';
  calls: number;
  traces: number;
  callsPerTrace: number;
  errorRate: number;
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
  /** Calls ÷ logical calls, when retries make it more than 1. */
  retryAmplification: number | null;
  examples: SpanRef[];
  /** For a call through a broker: which leg this is; the direct edge is `via` the broker. */
  leg: 'direct' | 'publish' | 'deliver';
  /** The service-graph edge behind it (for a leg: the producer → consumer call), so a click filters traces by the real call. */
  call: { from: string; to: string; mode: 'sync' | 'async' };
}

export interface ServiceMapModel {
  nodes: MapNode[];
  edges: MapEdge[];
}

export function serviceMapModel(a: DatasetAnalysis): ServiceMapModel {
  const badges = new Map<string, MapBadge[]>();
  const add = (service: string, badge: MapBadge) => {
    const list = badges.get(service) ?? [];
    if (!list.some((b) => b.kind === badge.kind)) list.push(badge);
    badges.set(service, list);
  };

  const top = bottleneckNode(a);
  if (top) {
    const share = shareOf(a, top.service)?.p50 ?? 0;
    add(top.service, {
      kind: 'bottleneck',
      label: `bottleneck ${percent(share)}`,
      detail: `bottleneck: on the critical path of ${percent(top.bottleneck ?? 0)} of traces, ${percent(share)} of the median trace’s critical path`,
    });
  }
  for (const h of [...a.hotspots.nPlusOne].sort((x, y) => y.totalNs - x.totalNs)) {
    add(h.service, {
      kind: 'n-plus-one',
      label: `N+1 ×${Math.round(h.meanCalls)}`,
      detail: `N+1: ${Math.round(h.meanCalls)} sequential calls to ${h.callee} per “${h.operation}” (in ${h.traces} traces, ${formatNs(h.totalNs)} in total)`,
      example: h.example,
    });
  }
  const retried = a.hotspots.retries.edges
    .filter((e) => e.retriedCalls > 0 && e.amplification >= MIN_AMPLIFICATION)
    .sort((x, y) => y.amplification - x.amplification);
  for (const e of retried) {
    const example = a.hotspots.retries.examples.find((x) => x.service === e.service);
    add(e.service, {
      kind: 'retries',
      label: `↻ ${e.amplification.toFixed(1)}×`,
      detail: `retries: calls to ${e.callee} amplified ${e.amplification.toFixed(2)}× (${e.retriedCalls} of ${e.logicalCalls} calls retried; compound up to ${e.compoundMax.toFixed(1)}×)`,
      ...(example ? { example } : {}),
    });
  }
  for (const h of [...a.hotspots.fanOut].sort((x, y) => y.totalSavableNs - x.totalSavableNs)) {
    if (h.totalSavableNs <= 0) continue;
    add(h.service, {
      kind: 'fan-out',
      label: `⇉ ${h.maxChildren}`,
      detail: `fan-out: “${h.operation}” makes up to ${h.maxChildren} calls; running them in parallel would save ${formatNs(h.totalSavableNs / h.occurrences)} per request`,
      example: h.example,
    });
  }
  for (const e of a.hotspots.errors.byService) {
    if (e.originated === 0) continue;
    const example = a.hotspots.errors.examples.find((x) => x.origin.service === e.service)?.origin;
    add(e.service, {
      kind: 'error-origin',
      label: `✕ ${e.originated}`,
      detail: `error origin: starts the errors of ${e.originated} of ${a.hotspots.errors.failedTraces} failed traces`,
      ...(example ? { example } : {}),
    });
  }

  const amplification = new Map(a.hotspots.retries.edges.map((e) => [`${e.service}\u0000${e.callee}`, e.amplification]));
  const edges: MapEdge[] = [];
  const publish = new Map<string, MapEdge>();
  const brokers = new Set<string>();
  for (const e of a.graph.edges) {
    const amp = e.mode === 'sync' ? amplification.get(`${e.from}\u0000${e.to}`) : undefined;
    const { via: _, ...numbers } = e;
    const edge: MapEdge = {
      ...numbers,
      retryAmplification: amp !== undefined && amp > 1 ? amp : null,
      examples: e.examples,
      leg: 'direct',
      call: { from: e.from, to: e.to, mode: e.mode },
    };
    if (e.mode !== 'async' || e.via.length === 0) {
      edges.push(edge);
      continue;
    }
    for (const broker of e.via) {
      brokers.add(broker);
      edges.push({ ...edge, from: broker, leg: 'deliver' });
      const key = `${e.from}\u0000${broker}`;
      const leg = publish.get(key);
      if (!leg) {
        const first: MapEdge = { ...edge, to: broker, leg: 'publish' };
        publish.set(key, first);
        edges.push(first);
      } else if (edge.calls > leg.calls) {
        Object.assign(leg, { ...edge, from: leg.from, to: broker, leg: 'publish' });
      }
    }
  }

  const nodes: MapNode[] = a.graph.nodes.map((n) => ({
    service: n.service,
    virtual: n.virtual,
    broker: brokers.has(n.service),
    spans: n.spans,
    traces: n.traces,
    errorRate: n.errorRate,
    onCriticalPaths: n.bottleneck,
    criticalShare: shareOf(a, n.service)?.mean ?? 0,
    badges: (badges.get(n.service) ?? []).sort((x, y) => BADGE_ORDER.indexOf(x.kind) - BADGE_ORDER.indexOf(y.kind)),
  }));
  const known = new Set(nodes.map((n) => n.service));
  for (const broker of [...brokers].sort()) {
    if (known.has(broker)) continue;
    const delivered = edges.filter((e) => e.leg === 'deliver' && e.from === broker);
    nodes.push({
      service: broker,
      virtual: true,
      broker: true,
      spans: 0,
      traces: Math.max(...delivered.map((e) => e.traces)),
      errorRate: 0,
      onCriticalPaths: null,
      criticalShare: 0,
      badges: [],
    });
  }
  return { nodes, edges };
}

export const BADGE_ORDER: readonly BadgeKind[] = ['bottleneck', 'n-plus-one', 'retries', 'fan-out', 'error-origin'];

function shareOf(a: DatasetAnalysis, service: string) {
  return a.accumulation.byService.find((s) => s.service === service)?.share;
}

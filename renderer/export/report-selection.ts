/**
 * The traces the user picked for the report ("Add to report" in the trace
 * view). Kept for the session in memory, shared by every view through
 * useSyncExternalStore; the report falls back to each dataset's slowest
 * trace when nothing is picked.
 */
import { useSyncExternalStore } from 'react';

export interface PickedTrace {
  dataset: string;
  traceId: string;
}

let picked: readonly PickedTrace[] = [];
const listeners = new Set<() => void>();

const same = (a: PickedTrace, b: PickedTrace) => a.dataset === b.dataset && a.traceId === b.traceId;

export function isPicked(trace: PickedTrace): boolean {
  return picked.some((p) => same(p, trace));
}

export function togglePicked(trace: PickedTrace): void {
  picked = isPicked(trace) ? picked.filter((p) => !same(p, trace)) : [...picked, trace];
  for (const l of listeners) l();
}

/** Forgets the traces of datasets that are gone. */
export function keepDatasets(datasets: readonly string[]): void {
  const next = picked.filter((p) => datasets.includes(p.dataset));
  if (next.length === picked.length) return;
  picked = next;
  for (const l of listeners) l();
}

export function usePickedTraces(): readonly PickedTrace[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => picked,
  );
}

/**
 * A value loaded from the engine for the current inputs: stale answers (the
 * user moved on before the engine replied) are dropped, errors are kept for
 * the view to show.
 */
import { useEffect, useState } from 'react';
import { errorMessage } from './format.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: string };

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => current && setResult({ state: 'ready', value }),
      (e: unknown) => current && setResult({ state: 'failed', error: errorMessage(e) }),
    );
    return () => {
      current = false;
    };
    // The caller lists what the load depends on (deps), as with useEffect.
  }, deps);
  return result;
}

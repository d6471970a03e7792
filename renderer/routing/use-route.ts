/** The current route, from the URL hash, and a way to go elsewhere (a history entry per move, so back/forward work). */
import { useCallback, useEffect, useState } from 'react';
import { formatRoute, parseRoute, type Route } from './route.js';

export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

export function useRoute(): [Route, Navigate] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback<Navigate>((next, options) => {
    const hash = formatRoute(next);
    if (hash === window.location.hash || (hash === '#/' && window.location.hash === '')) return;
    if (options?.replace) {
      // replaceState fires no hashchange: update the state directly.
      window.history.replaceState(null, '', hash);
      setRoute(parseRoute(hash));
    } else {
      window.location.hash = hash;
    }
  }, []);
  return [route, navigate];
}

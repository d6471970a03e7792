/** The system's light or dark theme, live: drawings that pick colours in code (canvas, SVG fills) follow it. */
import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

export function useTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(() => (query().matches ? 'dark' : 'light'));
  useEffect(() => {
    const media = query();
    const onChange = () => setTheme(media.matches ? 'dark' : 'light');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return theme;
}

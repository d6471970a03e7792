// Types for what Vite adds to imports: `?url` assets, CSS side-effect imports, `new URL(..., import.meta.url)` workers.
/// <reference types="vite/client" />

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createEngineClient } from './engine/engine-client.js';
import './styles.css';

// One engine for the page's lifetime; the worker holds the database.
const worker = new Worker(new URL('./engine/engine-worker.ts', import.meta.url), { type: 'module', name: 'hopscope-engine' });
const engine = createEngineClient(worker);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App engine={engine} />
  </StrictMode>,
);

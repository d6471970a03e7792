// Entry of the Node ingest worker (a worker_threads thread): registers tsx in this thread, then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./ingest-worker-node.ts');

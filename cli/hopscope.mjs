#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx hopscope` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');

#!/usr/bin/env node
// The `distill` workspace bin. The CLI is TypeScript, run through tsx as the
// rest of the repository is; tsx is resolved from here, so any working
// directory will do.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');

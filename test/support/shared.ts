// The project's shared facts (CRDs, reference, bench workloads) live beside the checkout.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-fn.js';

export const SHARED = process.env.SHARED_DIR ?? join(ROOT, '..', 'shared');
export const hasShared = existsSync(join(SHARED, 'crds'));

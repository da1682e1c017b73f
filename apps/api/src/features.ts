import type { Type } from '@nestjs/common';

/**
 * Feature modules (cases, escalations, live sessions, notifications, analytics) register here.
 * READ apps/api/CONVENTIONS.md FIRST: testing (jest cannot import Nest code: e2e tests spawn the
 * compiled api via libs/testing), commit and npm-install locks, shared files, module layout.
 */
export const FEATURE_MODULES: Type[] = [];

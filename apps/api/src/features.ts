import type { Type } from '@nestjs/common';

/** Feature modules (cases, escalations, live sessions, notifications, analytics) register here. */
export const FEATURE_MODULES: Type[] = [];

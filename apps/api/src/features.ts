import type { Type } from '@nestjs/common';
import { CasesModule } from './modules/cases';
import { NotificationsModule } from './modules/notifications';
import { LiveSessionsModule } from './modules/live-sessions';
import { EscalationsModule } from './modules/escalations';
import { AnalyticsModule } from './modules/analytics';

/**
 * Feature modules (cases, escalations, live sessions, notifications, analytics) register here.
 * READ apps/api/CONVENTIONS.md FIRST: testing (jest cannot import Nest code: e2e tests spawn the
 * compiled api via libs/testing), commit and npm-install locks, shared files, module layout.
 */
export const FEATURE_MODULES: Type[] = [CasesModule, NotificationsModule, LiveSessionsModule, EscalationsModule, AnalyticsModule];

import type { Type } from '@nestjs/common';
import { CasesModule } from './modules/cases';
import { NotificationsModule } from './modules/notifications';
import { LiveSessionsModule } from './modules/live-sessions';
import { EscalationsModule } from './modules/escalations';
import { AnalyticsModule } from './modules/analytics';

/** Feature modules, in the order Nest initialises them. See apps/api/CONVENTIONS.md. */
export const FEATURE_MODULES: Type[] = [CasesModule, NotificationsModule, LiveSessionsModule, EscalationsModule, AnalyticsModule];

export { LiveSessionsModule } from './live-sessions.module';
export { LiveSessionsService } from './live-sessions.service';

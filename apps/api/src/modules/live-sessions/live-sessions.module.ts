import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CasesModule, CasesService } from '../cases';
import { NotificationsModule } from '../notifications';
import {
  LIVE_SESSION,
  LiveSessionSchema,
  SESSION_ATTENDANCE,
  SESSION_EVALUATION,
  SESSION_EVENT,
  SESSION_PRESENCE,
  SESSION_SNAPSHOT,
  SESSION_SOCKET,
  SessionAttendanceSchema,
  SessionEvaluationSchema,
  SessionEventSchema,
  SessionPresenceSchema,
  SessionSnapshotSchema,
  SessionSocketSchema,
} from './infra/session.schema';
import { SessionsRepository } from './infra/sessions.repository';
import { LiveSessionsService } from './live-sessions.service';
import { CASE_THREAD } from './case-thread';
import { SessionAccess } from './session-access';
import { SessionLifecycle } from './session-lifecycle';
import { SessionLog } from './session-log';
import { SessionParticipation } from './session-participation';
import { SessionPresence } from './session-presence';
import { SessionRoom } from './session-room';
import { TranscriptHandOff } from './session-transcript';
import { SessionTexts } from './session-texts';
import { SessionReminders } from './session-reminders';
import { LiveSessionsController } from './live-sessions.controller';
import { LiveSessionsGateway } from './live-sessions.gateway';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: LIVE_SESSION, schema: LiveSessionSchema },
      { name: SESSION_EVENT, schema: SessionEventSchema },
      { name: SESSION_SNAPSHOT, schema: SessionSnapshotSchema },
      { name: SESSION_SOCKET, schema: SessionSocketSchema },
      { name: SESSION_PRESENCE, schema: SessionPresenceSchema },
      { name: SESSION_ATTENDANCE, schema: SessionAttendanceSchema },
      { name: SESSION_EVALUATION, schema: SessionEvaluationSchema },
    ]),
    CasesModule,
    NotificationsModule,
  ],
  providers: [
    SessionsRepository,
    LiveSessionsService,
    SessionAccess,
    SessionLifecycle,
    SessionLog,
    SessionParticipation,
    SessionPresence,
    SessionRoom,
    TranscriptHandOff,
    LiveSessionsGateway,
    SessionTexts,
    SessionReminders,
    // the transcript goes to the presented case's thread through the cases module's public service
    { provide: CASE_THREAD, useExisting: CasesService },
  ],
  controllers: [LiveSessionsController],
  exports: [LiveSessionsService],
})
export class LiveSessionsModule {}

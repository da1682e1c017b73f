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
import { SESSION_SUBMISSION, SessionSubmissionSchema } from './infra/session-submission.schema';
import { SessionSubmissionsRepository } from './infra/session-submissions.repository';
import { ATTENDANCE_ADJUSTMENT, AttendanceAdjustmentSchema } from './infra/attendance-adjustment.schema';
import { AttendanceAdjustmentsRepository } from './infra/attendance-adjustments.repository';
import { SessionSubmissionsService } from './session-submissions.service';
import { AttendanceAdjustmentsService } from './attendance-adjustments.service';
import { SessionWorkflowController } from './session-workflow.controller';
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
      { name: SESSION_SUBMISSION, schema: SessionSubmissionSchema },
      { name: ATTENDANCE_ADJUSTMENT, schema: AttendanceAdjustmentSchema },
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
    SessionSubmissionsRepository,
    SessionSubmissionsService,
    AttendanceAdjustmentsRepository,
    AttendanceAdjustmentsService,
    // the transcript goes to the presented case's thread through the cases module's public service
    { provide: CASE_THREAD, useExisting: CasesService },
  ],
  controllers: [LiveSessionsController, SessionWorkflowController],
  exports: [LiveSessionsService],
})
export class LiveSessionsModule {}

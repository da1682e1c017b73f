import { Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AdjustAttendanceRequest,
  ReviewSubmissionRequest,
  SubmitCaseRequest,
  type AttendanceEntryDto,
  type SessionSubmissionDto,
  type SessionSubmissionsView,
} from '@casebridge/contracts';
import { ValidBody } from '../../common/validation';
import { CurrentActor, type Actor } from '../identity';
import { SessionSubmissionsService } from './session-submissions.service';
import { AttendanceAdjustmentsService } from './attendance-adjustments.service';

/**
 * The ECHO workflow around a session: case submissions and their review, and the
 * facilitator's attendance corrections after the session. Kept apart from the live room's controller.
 */
@ApiTags('sessions')
@ApiBearerAuth()
@Controller()
export class SessionWorkflowController {
  constructor(
    private readonly submissions: SessionSubmissionsService,
    private readonly attendance: AttendanceAdjustmentsService,
  ) {}

  @Post('sessions/:id/submissions')
  submit(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(SubmitCaseRequest) body: SubmitCaseRequest,
  ): Promise<SessionSubmissionDto> {
    return this.submissions.submit(actor, id, body);
  }

  @Get('session-submissions')
  list(@CurrentActor() actor: Actor): Promise<SessionSubmissionsView> {
    return this.submissions.list(actor);
  }

  @Post('session-submissions/:id/review')
  @HttpCode(200)
  review(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(ReviewSubmissionRequest) body: ReviewSubmissionRequest,
  ): Promise<SessionSubmissionDto> {
    return this.submissions.review(actor, id, body);
  }

  @Get('sessions/:id/attendance')
  roster(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AttendanceEntryDto[]> {
    return this.attendance.roster(actor, id);
  }

  @Put('sessions/:id/attendance/:userId')
  adjust(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('userId') userId: string,
    @ValidBody(AdjustAttendanceRequest) body: AdjustAttendanceRequest,
  ): Promise<AttendanceEntryDto> {
    return this.attendance.adjust(actor, id, userId, body);
  }
}

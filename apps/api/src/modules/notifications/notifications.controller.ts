import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { ObjectIdString, type NotificationDto } from '@casebridge/contracts';
import { ValidBody, ValidQuery } from '../../common/validation';
import { CurrentActor, type Actor } from '../identity';
import { NotificationsService } from './notifications.service';

const InboxQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false });
const ReadRequest = Type.Object({ ids: Type.Optional(Type.Array(ObjectIdString, { maxItems: 500 })) }, { additionalProperties: false });

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Every signed-in user has an inbox of their own; nothing else is reachable here. */
  @Get()
  inbox(
    @CurrentActor() actor: Actor,
    @ValidQuery(InboxQuery) q: Static<typeof InboxQuery>,
  ): Promise<{ items: NotificationDto[]; unread: number }> {
    return this.notifications.inbox(actor, q.limit);
  }

  @Post('read')
  @HttpCode(200)
  read(@CurrentActor() actor: Actor, @ValidBody(ReadRequest) body: Static<typeof ReadRequest>): Promise<{ unread: number }> {
    return this.notifications.markRead(actor, body.ids);
  }
}

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { NOTIFICATION, NotificationSchema } from './infra/notification.schema';
import { NotificationsRepository } from './infra/notifications.repository';
import { NotificationsService } from './notifications.service';
import { NotificationsController } from './notifications.controller';

/** Imported by cases, escalations and live sessions; imports no feature module itself. */
@Module({
  imports: [MongooseModule.forFeature([{ name: NOTIFICATION, schema: NotificationSchema }])],
  providers: [NotificationsRepository, NotificationsService],
  controllers: [NotificationsController],
  exports: [NotificationsService],
})
export class NotificationsModule {}

export { NotificationsModule } from './notifications.module';
export { NotificationsService, type NotifyInput } from './notifications.service';
export { quoted } from './title';

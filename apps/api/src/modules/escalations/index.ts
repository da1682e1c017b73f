export { EscalationsModule } from './escalations.module';
export { EscalationsService } from './escalations.service';
export { Clock } from './clock';

import { Inject, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { CasesModule } from '../cases';
import { NotificationsModule } from '../notifications';
import { ESCALATION, EscalationSchema } from './infra/escalation.schema';
import { EscalationsRepository } from './infra/escalations.repository';
import { EscalationsService } from './escalations.service';
import { EscalationsController } from './escalations.controller';
import { EscalationTimers } from './escalation-timers';
import { EscalationTexts } from './escalation-texts';
import { TestClockMiddleware } from './test-clock.middleware';
import { ROUTING_MAP, RoutingMapSchema } from './infra/routing-map.schema';
import { RoutingMapRepository } from './infra/routing-map.repository';
import { RoutingMapService } from './routing-map.service';
import { RoutingMapController } from './routing-map.controller';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ESCALATION, schema: EscalationSchema },
      { name: ROUTING_MAP, schema: RoutingMapSchema },
    ]),
    CasesModule,
    NotificationsModule,
  ],
  providers: [
    EscalationsRepository,
    EscalationsService,
    EscalationTimers,
    TestClockMiddleware,
    EscalationTexts,
    RoutingMapRepository,
    RoutingMapService,
  ],
  controllers: [EscalationsController, RoutingMapController],
  exports: [EscalationsService],
})
export class EscalationsModule implements NestModule {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The test clock route exists only with TEST_CLOCK=true, itself only allowed in tests (config.ts). */
  configure(consumer: MiddlewareConsumer): void {
    if (!this.config.testClock) return;
    consumer.apply(TestClockMiddleware).forRoutes({ path: 'test/clock', method: RequestMethod.POST });
  }
}

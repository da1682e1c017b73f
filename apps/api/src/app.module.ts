import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { ServeStaticModule } from '@nestjs/serve-static';
import { LoggerModule } from 'nestjs-pino';
import { ThrottlerModule } from '@nestjs/throttler';
import * as fs from 'node:fs';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { loggerParams } from './common/logging';
import { HttpErrorFilter } from './common/http-exception.filter';
import { HealthModule } from './health/health.module';
import { AuditModule } from './modules/audit';
import { AuditHttpModule } from './modules/audit/audit.controller';
import { IdentityModule, RateLimitGuard } from './modules/identity';
import { RealtimeModule } from './modules/realtime';
import { PrivacyModule } from './modules/privacy';
import { FEATURE_MODULES } from './features';
import { SeedModule } from './seed/seed.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, mongoUri: string): DynamicModule {
    const serveWeb =
      config.webDist && fs.existsSync(config.webDist)
        ? [ServeStaticModule.forRoot({ rootPath: config.webDist, exclude: ['/api/{*path}', '/socket.io/{*path}'] })]
        : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        MongooseModule.forRoot(mongoUri, {
          // Fail fast (→ 503 DB.UNAVAILABLE) rather than hang when the database is unreachable:
          // the driver notices a lost server within ~1 s (heartbeat), operations then wait at most
          // 2 s for it (server selection), and everything resumes by itself when it is back
          // (health/database-status.ts tells sockets). Replica-set elections show as brief 503s.
          serverSelectionTimeoutMS: 2000,
          heartbeatFrequencyMS: 1000,
        }),
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }]),
        AuditModule,
        AuditHttpModule,
        IdentityModule,
        RealtimeModule,
        PrivacyModule,
        HealthModule,
        ...FEATURE_MODULES,
        SeedModule,
        ...serveWeb,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}

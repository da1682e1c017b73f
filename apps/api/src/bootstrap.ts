import 'reflect-metadata';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import type { AppConfig } from './config/config';
import { AppModule } from './app.module';
import { SeedService } from './seed/seed.service';
import { CaseBridgeIoAdapter } from './modules/realtime';
import { answerUnreadableRequests } from './common/client-error';

export const API_PREFIX = 'api';

export function defaultWebDist(): string {
  return path.resolve(__dirname, '../../web/dist');
}

/** Builds the Nest application (used by main.ts and by the test harness). */
export async function createApp(config: AppConfig, mongoUri: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ ...config, webDist: config.webDist || defaultWebDist() }, mongoUri),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  app.useLogger(app.get(Logger));
  answerUnreadableRequests(app.getHttpServer());
  const io = new CaseBridgeIoAdapter(app, config.redisUrl);
  await io.connect();
  app.useWebSocketAdapter(io);
  app.useBodyParser('json', { limit: '256kb' });
  app.setGlobalPrefix(API_PREFIX);
  app.disable('x-powered-by');
  // Which hops may say who the client is (TRUST_PROXY): behind the compose nginx, 1 hop.
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          // 'self' covers same-origin ws:/wss: (CSP Level 3); any ws: host was an exfiltration channel
          connectSrc: ["'self'", ...config.corsOrigins],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  // Strict CORS: same-origin by default; extra origins only when configured.
  app.enableCors({ origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: false });
  if (!config.apiDocs) return app;
  // 3.1: its schemas are JSON Schema 2020-12, so the TypeBox schemas (with `const`) are valid as they are;
  // under 3.0 a validator rejects them (foundation.e2e-spec validates the served document).
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CaseBridge API')
      .setDescription(
        'Interprofessional palliative care case discussion: cases, escalations, live sessions. Errors are {error:{code,message,details?}}.',
      )
      .setVersion('0.1.0')
      .setOpenAPIVersion('3.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, doc, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
  // Signals are handled in main.ts (close app, then the embedded database); app.close() runs the hooks.
  return app;
}

/** First-start work: the configured administrator and, unless disabled, the demo data. */
export async function seed(app: NestExpressApplication, config: AppConfig): Promise<string[]> {
  return app.get(SeedService).run(config.seedDemo);
}

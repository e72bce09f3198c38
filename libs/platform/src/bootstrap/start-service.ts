import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { EventConsumerServer } from '@app/messaging';
import type { ServiceEnvironment } from '../config/service-environment';
import { ConnectionDraining } from '../http/connection-draining';
import { requestBodyParsers } from '../http/request-body-limits';
import { securityHeaders } from '../http/security-headers';
import { rootModule, type ServiceSpec } from './service-definition';

export interface RunningService {
  readonly app: INestApplication;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts one hybrid service: HTTP first (so probes answer while the consumer joins its
 * group), then the Kafka consumer. Shared by every main.ts and by the integration tests,
 * so tests exercise the very start-up path that production runs.
 */
export async function startService<E extends ServiceEnvironment>(spec: ServiceSpec<E>, env: E): Promise<RunningService> {
  const { name } = spec.infrastructure(env);
  // Our own body parsers with explicit limits (REQUEST_BODY_LIMITS), not Nest's defaults. No
  // `cors` option: no origin is allowed to read the API from a browser (docs/security-posture.md).
  const app = await NestFactory.create<NestExpressApplication>(rootModule(spec, env), { bufferLogs: true, abortOnError: false, bodyParser: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  // First of all: once shutdown begins, every answer closes its connection (ConnectionDraining).
  app.use(app.get(ConnectionDraining).middleware);
  // Before anything else answers: every response, /docs and errors included, gets them.
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // After the headers, so that a refused body's 413 carries them too.
  for (const parser of requestBodyParsers()) app.use(parser);

  const openApi = new DocumentBuilder()
    .setTitle(spec.title)
    .setDescription(spec.description)
    .setVersion(process.env.npm_package_version ?? 'dev')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));

  // Events are validated against their contracts by the consumer itself, so the HTTP
  // pipes are not inherited.
  app.connectMicroservice({ strategy: app.get(EventConsumerServer) }, { inheritAppConfig: false });

  try {
    await app.listen(env.HTTP_PORT, env.HTTP_HOST);
    await app.startAllMicroservices();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  logger.log(`${name} ready on ${url} (OpenAPI at ${url}/docs)`, 'Bootstrap');
  return { app, url, stop: () => app.close() };
}

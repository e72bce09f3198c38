import { Module, ValidationPipe, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier, type AuthSettings } from './auth/token-verifier';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { HealthModule } from './health/health.module';
import { RequestLoggerMiddleware } from './logging/request-logger.middleware';

/** What every service's HTTP side shares: validation, error shape, authentication, health. */
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(settings: { auth: AuthSettings }): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [HealthModule],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier(settings.auth) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }),
        },
      ],
      exports: [TokenVerifier],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLoggerMiddleware).forRoutes('*path');
  }
}

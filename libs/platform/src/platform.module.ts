import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier, type AuthSettings } from './auth/token-verifier';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { ConnectionDraining } from './http/connection-draining';
import { PlatformValidationPipe } from './http/platform-validation.pipe';
import { HealthModule } from './health/health.module';
import { DEFAULT_IDEMPOTENCY_LEASE_SECONDS, IDEMPOTENCY_LEASE_SECONDS } from './idempotency/idempotency.interceptor';
import { DatabasePoolMetrics } from './metrics/database-pool.metrics';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsController } from './metrics/metrics.controller';
import { METRICS_TOKEN } from './metrics/metrics.tokens';
import { RouteSpanInterceptor } from './metrics/route-span.interceptor';

export interface PlatformSettings {
  readonly auth: AuthSettings;
  /** The bearer token Prometheus scrapes with; absent, `/metrics` stays shut. */
  readonly metricsToken?: string;
  /** See IDEMPOTENCY_LEASE_SECONDS; 120 when not given. */
  readonly idempotencyLeaseSeconds?: number;
}

/** What every service's HTTP side shares: validation, error shape, authentication, health, metrics. */
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(settings: PlatformSettings): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [HealthModule],
      controllers: [MetricsController],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier(settings.auth) },
        { provide: METRICS_TOKEN, useValue: settings.metricsToken },
        { provide: IDEMPOTENCY_LEASE_SECONDS, useValue: settings.idempotencyLeaseSeconds ?? DEFAULT_IDEMPOTENCY_LEASE_SECONDS },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: RouteSpanInterceptor },
        { provide: APP_PIPE, useValue: new PlatformValidationPipe() },
        DatabasePoolMetrics,
        ConnectionDraining,
      ],
      // HealthModule's ReadinessChecks, so any feature can add a readiness check of its own.
      exports: [TokenVerifier, HealthModule, IDEMPOTENCY_LEASE_SECONDS, ConnectionDraining],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}

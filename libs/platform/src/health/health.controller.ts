import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { EventConsumerServer, KafkaProbe } from '@app/messaging';
import { Public } from '../auth/public.decorator';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';
import { ReadinessChecks } from './readiness-checks';

const PROBE_TIMEOUT_MS = 3_000;

/**
 * Liveness says the process can answer at all (restart it if not); readiness says its
 * dependencies answer too (send it traffic only if so). They are separate so a Kafka
 * outage takes pods out of rotation without restarting them all in a loop.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaProbe,
    private readonly consumer: EventConsumerServer,
    private readonly own: ReadinessChecks,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.checkReadiness();
    } catch (error) {
      throw error instanceof ServiceUnavailableException ? notReady(error.getResponse() as HealthCheckResult) : error;
    }
  }

  private checkReadiness(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('postgres').withTimeout(PROBE_TIMEOUT_MS),
      () =>
        this.indicators
          .check('kafka')
          .attempt(async () => {
            const failure = this.consumer.failure;
            if (failure) throw new Error(`event consumer stopped: ${failure.message}`);
            return this.kafka.ping();
          })
          .withTimeout(PROBE_TIMEOUT_MS),
      // Ready means caught up: a consumer still rebuilding its state from its topics (an
      // intake on an empty database replaying its body's availability) or not yet in its
      // group (restarted while its old member's session runs out) would answer from stale state.
      () =>
        this.indicators
          .check('events')
          .attempt(async () => {
            const state = await this.consumer.readiness();
            if (!state.joined) throw new Error('the event consumer has not joined its group yet');
            if (!state.caughtUp) throw new Error('the event consumer is still catching up with what its topics held at start-up');
            return { joined: true, caughtUp: true };
          })
          .withTimeout(PROBE_TIMEOUT_MS),
      // The service's own checks (the vault's availability topics, say).
      ...this.own.entries().map(([key, check]) => async () => {
        const verdict = await check();
        return verdict.ready ? this.indicators.check(key).up(verdict.details) : this.indicators.check(key).down(verdict.details);
      }),
    ]);
  }
}

/**
 * An unready service answers 503 in the platform's error shape, saying which checks failed and
 * why, with every check's result in `details`: what an operator (or the launcher) reads to
 * know what to do, instead of a bare "Service Unavailable".
 */
function notReady(result: HealthCheckResult): ApiError {
  const failed = Object.entries(result.error ?? {}).map(([key, check]) => {
    const message = (check as { message?: unknown }).message;
    return typeof message === 'string' ? `${key} (${message})` : key;
  });
  return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, PlatformErrorCode.NotReady, `Not ready: ${failed.join('; ')}.`, result.details);
}

import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EventConsumerServer, KafkaProbe } from '@app/messaging';
import { Public } from '../auth/public.decorator';

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
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
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
    ]);
  }
}

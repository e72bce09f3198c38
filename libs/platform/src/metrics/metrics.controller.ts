import { Controller, Get, Header, HttpStatus, Inject, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { MetricsRegistry } from '@app/observability';
import { Public } from '../auth/public.decorator';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';
import { METRICS_TOKEN } from './metrics.tokens';

/**
 * Prometheus scrapes `/metrics` with its own bearer token (METRICS_TOKEN), not a citizen's or
 * officer's: the series hold no personal data, but route timings and backlogs are still an
 * operator's business. Without a configured token the endpoint stays shut.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly registry: MetricsRegistry,
    @Inject(METRICS_TOKEN) private readonly token: string | undefined,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() request: Request): Promise<string> {
    if (!this.token) throw new ApiError(HttpStatus.NOT_FOUND, PlatformErrorCode.MetricsDisabled, 'Metrics are off: set METRICS_TOKEN to let Prometheus scrape this service.');
    const [scheme, presented] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !presented || !sameSecret(presented, this.token)) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, PlatformErrorCode.Unauthenticated, 'Scraping needs the bearer token given to this service as METRICS_TOKEN.');
    }
    request.res?.type(this.registry.contentType);
    return this.registry.metrics();
  }
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

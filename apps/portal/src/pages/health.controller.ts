import { Controller, Get } from '@nestjs/common';

/** For the orchestrator and the launcher: the portal is up. It holds no state of its own to check. */
@Controller('health')
export class HealthController {
  @Get(['live', 'ready'])
  ready(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

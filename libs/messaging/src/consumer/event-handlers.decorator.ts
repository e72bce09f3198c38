import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { RethrowEventErrorsFilter } from './rethrow-event-errors.filter';

/**
 * Marks a class of Kafka event handlers (kept apart from HTTP controllers). It hands
 * handler errors to the consumer untouched, so retries and dead letters carry the real
 * error instead of Nest's generic "Internal server error".
 */
export function EventHandlers(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(RethrowEventErrorsFilter));
}

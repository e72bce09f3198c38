import { EventPattern } from '@nestjs/microservices';
import type { EventDefinition } from '@app/contracts';

/**
 * Marks a handler for one contract's events. Handlers name the definition rather than a
 * string, so a renamed or re-versioned type cannot leave a handler silently unmatched.
 */
export function OnEvent(definition: EventDefinition): MethodDecorator {
  return EventPattern<string>(definition.type);
}

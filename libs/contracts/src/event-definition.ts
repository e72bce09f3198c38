import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { payloadHygieneProblem } from './json-hygiene';

type Constructor<T> = new () => T;

/**
 * One versioned event: its CloudEvents type, the topic it travels on, how it is keyed,
 * and the class-validator class its payload must satisfy. Producers and consumers share
 * this one definition, so they cannot disagree about the shape.
 */
export interface EventDefinition<T extends object = object> {
  readonly type: string;
  readonly payload: Constructor<T>;
  /** Topic for a given payload; a function because availability topics are per governing body. */
  topic(payload: T): string;
  /** Kafka key: citizen id for per-citizen ordering, document id on compacted topics. */
  key(payload: T): string;
  /** CloudEvents subject: what the event is about, readable without parsing the payload. */
  subject?(payload: T): string;
}

export function defineEvent<T extends object>(definition: EventDefinition<T>): EventDefinition<T> {
  return Object.freeze({ ...definition });
}

export class InvalidEventPayloadError extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${eventType} payload: ${problems.join('; ')}`);
    this.name = InvalidEventPayloadError.name;
  }
}

/** Validates on the way in and on the way out: unknown properties are rejected, not dropped. */
export function validateEventPayload<T extends object>(definition: EventDefinition<T>, raw: unknown): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidEventPayloadError(definition.type, ['payload must be a JSON object']);
  }
  const problem = payloadHygieneProblem(raw);
  if (problem) throw new InvalidEventPayloadError(definition.type, [problem]);
  const instance = plainToInstance(definition.payload, raw);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new InvalidEventPayloadError(definition.type, flatten(errors));
  return instance;
}

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const at = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${at}: ${message}`);
    return [...own, ...flatten(error.children ?? [], at)];
  });
}

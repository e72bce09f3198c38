import { buildMessage, isISO8601, ValidateBy } from 'class-validator';

/** Far more than any ISO 8601 date or time needs: 35 characters hold nanoseconds and an offset. */
export const MAX_TIMESTAMP_LENGTH = 64;

/**
 * An ISO 8601 date or date-time (strict: no 30 February) of at most MAX_TIMESTAMP_LENGTH
 * characters. ISO 8601 allows any number of fraction digits, and both the validator and `Date`
 * accept them, so without the bound one signed event could carry a megabyte in a time field and
 * every consumer would store it (the Kafka fuzzer's oversized records found it). One rule, so a
 * bad value gets one message, whatever is wrong with it.
 */
export function IsTimestamp(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value.length <= MAX_TIMESTAMP_LENGTH && isISO8601(value, { strict: true }),
      defaultMessage: buildMessage((each) => `${each}$property must be an ISO 8601 date or date-time of at most ${MAX_TIMESTAMP_LENGTH} characters`),
    },
  });
}

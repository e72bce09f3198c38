/**
 * Thrown by a handler for an event that can never be applied (it refers to something that
 * does not exist, say): it is dead-lettered at once instead of being retried.
 */
export class UnrecoverableEventError extends Error {
  override name = UnrecoverableEventError.name;
}

/** The provider may accept it later (a relay's 4xx, a 503, no connection): retried with backoff. */
export class TemporaryDeliveryError extends Error {
  override name = TemporaryDeliveryError.name;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The provider will never accept it (a relay's 5xx, a refused number): recorded, for an operator. */
export class PermanentDeliveryError extends Error {
  override name = PermanentDeliveryError.name;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

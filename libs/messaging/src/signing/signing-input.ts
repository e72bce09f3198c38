import type { CloudEventAttributes } from '@app/contracts';

/** Kafka header carrying the producer's detached JWS: `<protected header>..<signature>`. */
export const SIGNATURE_HEADER = 'ce_signature';

/** The attributes a signature covers. Not `traceparent`: the relay replaces it with its publish span's context. */
export type SignedAttributes = Pick<CloudEventAttributes, 'id' | 'source' | 'type' | 'specversion' | 'time' | 'subject'>;

/**
 * The bytes a producer signs: its attributes as a JSON array in a fixed order, a newline,
 * then the payload exactly as it travels. An array of strings has one serialisation, so
 * producer and consumer agree byte for byte without a canonical JSON library, and the
 * payload is never re-serialised (a re-ordered key would break the signature).
 */
export function signingInput(event: SignedAttributes, payload: Uint8Array): Uint8Array {
  const attributes = JSON.stringify([event.id, event.source, event.type, event.specversion, event.time, event.subject ?? null]);
  return Buffer.concat([Buffer.from(`${attributes}\n`, 'utf8'), payload]);
}

import type { Producer } from 'kafkajs';
import { newCloudEvent, toKafkaHeaders, type EventDefinition } from '@app/contracts';
import { SIGNATURE_HEADER, type SigningIdentity } from '@app/messaging';

/**
 * Publishes `payload` as the producer at `source` would: CloudEvents headers, signed with
 * `signer`. Give `eventId` to publish the same event again, as a redelivery would. Returns its id.
 */
export async function publishSigned<T extends object>(producer: Producer, definition: EventDefinition<T>, payload: T, source: string, signer: SigningIdentity, eventId?: string): Promise<string> {
  const event = { ...newCloudEvent({ source, type: definition.type, subject: definition.subject?.(payload) }), ...(eventId ? { id: eventId } : {}) };
  const value = JSON.stringify(payload);
  await producer.send({
    topic: definition.topic(payload),
    acks: -1,
    messages: [{ key: definition.key(payload), value, headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await signer.sign(event, Buffer.from(value)) } }],
  });
  return event.id;
}

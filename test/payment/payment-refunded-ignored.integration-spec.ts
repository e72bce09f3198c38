import { randomUUID } from 'node:crypto';
import { Kafka, type Producer } from 'kafkajs';
import { AVAILABILITY_TOPIC_PARTITIONS, availabilityTopic, deadLetterTopic, newCloudEvent, PAYMENT_OUTCOME_TOPIC, PaymentRefunded, PaymentRefundedV1, PLATFORM_TOPICS, toKafkaHeaders } from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { ensureTopics, SIGNATURE_HEADER } from '@app/messaging';
import { eventually, providedInfrastructure, TopicRecorder } from '@app/testing';
import { FakeVault } from '../../apps/intake/src/__tests__/fake-vault.server';
import { startIntake, testGoverningBody, testProcedureFolder, type RunningIntake } from '../../apps/intake/src/__tests__/intake-test-bed';

/**
 * `PaymentRefunded` shares the outcome topic with what the intake does handle. It has no
 * handler there yet, and an unhandled type is dead-lettered unless the intake ignores it by
 * configuration: this checks that it does, on a real intake and a real broker.
 */
describe('an intake and the payment service’s PaymentRefunded', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'payment-refunded-ignored-test', brokers: kafkaBrokers, logLevel: 0 });
  const body = testGoverningBody();
  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let intake: RunningIntake;
  let producer: Producer;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    await ensureTopics(kafka, [...PLATFORM_TOPICS, { name: availabilityTopic(body.code), partitions: AVAILABILITY_TOPIC_PARTITIONS, compacted: true }]);
    recorder = await TopicRecorder.start(kafka, [deadLetterTopic('intake')]);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    intake = await startIntake({
      postgresAdminUrl,
      kafkaBrokers,
      issuerUrl: issuer.url,
      jwksUrl: issuer.jwksUrl,
      agencyCode: body.thisAgency,
      vaultUrl: vault.url,
      seedFolder: await testProcedureFolder(body.thisAgency, body.siblingAgency),
      extra: { APOLOGY_SWEEP_INTERVAL_MS: '0' },
    });
  });

  afterAll(async () => {
    await intake?.stop();
    await producer?.disconnect();
    await recorder?.stop();
    await vault?.stop();
    await issuer?.stop();
  });

  it('records it as ignored, not dead-lettered', async () => {
    const payload = Object.assign(new PaymentRefundedV1(), {
      orderId: randomUUID(),
      dossierId: randomUUID(),
      agencyCode: body.thisAgency,
      feeCode: 'DOSSIER',
      amountVnd: 50_000,
      totalRefundedVnd: 50_000,
      refundedAt: new Date().toISOString(),
    });
    const event = newCloudEvent({ source: '/payment', type: PaymentRefunded.type, subject: payload.dossierId });
    const value = JSON.stringify(payload);
    expect(PaymentRefunded.topic(payload)).toBe(PAYMENT_OUTCOME_TOPIC);
    await producer.send({
      topic: PAYMENT_OUTCOME_TOPIC,
      acks: -1,
      messages: [{ key: payload.dossierId, value, headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await vault.paymentSigner.sign(event, Buffer.from(value)) } }],
    });
    const outcome = await eventually(async () => {
      const rows = await intake.dataSource.query<{ outcome: string }[]>('SELECT outcome FROM inbox_entry WHERE event_id = $1', [event.id]);
      expect(rows).toHaveLength(1);
      return rows[0].outcome;
    }, 60_000);
    expect(outcome).toBe('ignored');
    expect(recorder.on(deadLetterTopic('intake')).filter((message) => message.value?.includes(payload.dossierId))).toEqual([]);
  });
});

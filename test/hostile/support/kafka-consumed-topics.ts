import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import {
  availabilityTopic,
  DocumentAvailability,
  DocumentProvided,
  DocumentReused,
  DossierStatusChanged,
  GoverningBodyChanged,
  PAYMENT_OUTCOME_TOPIC,
  PAYMENT_REQUESTED_TOPIC,
  PaymentCompleted,
  PaymentRequested,
  type DocumentAvailabilityV1,
  type DocumentProvidedV1,
  type DocumentReusedV1,
  type DossierStatusChangedV1,
  type EventDefinition,
  type GoverningBodyChangedV1,
  type PaymentCompletedV1,
  type PaymentRequestedV1,
} from '@app/contracts';
import { eventually } from '@app/testing';
import { AGENCY_A, AGENCY_B, BODY, type ConsumerName, type KafkaFuzzPlatform, type Signer } from './kafka-fuzz-platform';
import { signedRecord } from './kafka-hostile-records';

/** A genuine event for a topic: prerequisites done, and how often each consumer shows its effect. */
export interface GenuineEvent {
  readonly definition: EventDefinition;
  readonly payload: object;
  readonly signer: Signer;
  /**
   * Per consumer of the topic: how many times the event's effect is visible (2 would be a double
   * application). A consumer left out has no effect of its own to count, only its inbox entry.
   */
  effects(): Promise<Partial<Record<ConsumerName, number>>>;
}

/**
 * One topic a service consumes (docs/architecture.md §4, and each service definition's
 * `subscriptions`), with what the fuzzer needs to imitate and check its events.
 */
export interface ConsumedTopic {
  /** Short name for counts and markers. */
  readonly tag: string;
  readonly topic: string;
  /** A compacted topic refuses a record without a key. */
  readonly compacted: boolean;
  readonly consumers: readonly ConsumerName[];
  /** A type every consumer of the topic handles, validates and does not ignore. */
  readonly definition: EventDefinition;
  /** A string field with an upper bound, and a timestamp field, of `definition`'s payload. */
  readonly boundedField: string;
  readonly timestampField: string;
  /** The producer every consumer of the topic trusts for `definition`. */
  signer(platform: KafkaFuzzPlatform): Signer;
  genuine(platform: KafkaFuzzPlatform): Promise<GenuineEvent>;
}

const now = () => new Date().toISOString();

/** What the services subscribe to today: vault, intake (its body's availability topic), payment, notification. */
export const CONSUMED_TOPICS: readonly ConsumedTopic[] = [
  {
    tag: 'verified',
    topic: 'intake.document-verified.v1',
    compacted: false,
    consumers: ['vault'],
    definition: DocumentProvided,
    boundedField: 'agencyCode',
    timestampField: 'providedAt',
    signer: (platform) => platform.signers.agencyA,
    async genuine(platform) {
      const document = await platform.uploadedDocument();
      const payload: DocumentProvidedV1 = { ...document, agencyCode: AGENCY_A, dossierId: randomUUID(), providedAt: now() };
      return {
        definition: DocumentProvided,
        payload,
        signer: platform.signers.agencyA,
        effects: async () => ({ vault: await platform.count('vault', 'document_attachment', "document_id = $1 AND dossier_id = $2 AND kind = 'provided'", [payload.documentId, payload.dossierId]) }),
      };
    },
  },
  {
    tag: 'reused',
    topic: 'intake.document-reused.v1',
    compacted: false,
    consumers: ['vault', 'notification'],
    definition: DocumentReused,
    boundedField: 'agencyCode',
    timestampField: 'reusedAt',
    signer: (platform) => platform.signers.agencyA,
    async genuine(platform) {
      const document = await platform.uploadedDocument();
      const payload: DocumentReusedV1 = { ...document, agencyCode: AGENCY_A, dossierId: randomUUID(), reusedAt: now() };
      return {
        definition: DocumentReused,
        payload,
        signer: platform.signers.agencyA,
        // Each application of a reuse writes one access-log line: a second one would show.
        effects: async () => ({
          vault: await platform.count('vault', 'access_log', "document_id = $1 AND dossier_id = $2 AND action = 'reused'", [payload.documentId, payload.dossierId]),
          notification: await platform.count('notification', 'notification_message', "dossier_id = $1 AND template_key = 'document-access-alert' AND channel = 'in_app'", [payload.dossierId]),
        }),
      };
    },
  },
  {
    tag: 'availability',
    topic: availabilityTopic(BODY),
    compacted: true,
    consumers: ['intake'],
    definition: DocumentAvailability,
    boundedField: 'verifiedByAgencyName',
    timestampField: 'verifiedAt',
    signer: (platform) => platform.signers.vault,
    genuine(platform) {
      const payload: DocumentAvailabilityV1 = {
        documentId: randomUUID(),
        citizenRef: randomUUID(),
        documentTypeCode: 'BIRTH_CERTIFICATE',
        governingBodyCode: BODY,
        verifiedByAgencyCode: AGENCY_B,
        verifiedByAgencyName: 'Sở Y tế Hà Nội',
        verifiedAt: now(),
        scope: 'governing-body',
        status: 'available',
        version: 1,
      };
      return Promise.resolve({
        definition: DocumentAvailability,
        payload,
        signer: platform.signers.vault,
        effects: async () => ({ intake: await platform.count('intake', 'reusable_document', 'document_id = $1', [payload.documentId]) }),
      });
    },
  },
  {
    tag: 'payment-outcome',
    topic: PAYMENT_OUTCOME_TOPIC,
    compacted: false,
    consumers: ['intake', 'notification'],
    definition: PaymentCompleted,
    boundedField: 'feeCode',
    timestampField: 'paidAt',
    signer: (platform) => platform.signers.payment,
    async genuine(platform) {
      // Agency B's dossier: intake A records the outcome and leaves it (not its own); notification must know the dossier first.
      const dossierId = await dossierKnownToNotification(platform);
      const payload: PaymentCompletedV1 = { orderId: randomUUID(), dossierId, agencyCode: AGENCY_B, feeCode: 'DOSSIER', amountVnd: 200_000, channel: 'online', paidAt: now() };
      return {
        definition: PaymentCompleted,
        payload,
        signer: platform.signers.payment,
        // Intake A changes nothing for another agency's payment: its inbox is the only trace.
        effects: async () => ({
          notification: await platform.count('notification', 'notification_message', "dossier_id = $1 AND template_key = 'payment-completed' AND channel = 'in_app'", [dossierId]),
        }),
      };
    },
  },
  {
    tag: 'payment-requested',
    topic: PAYMENT_REQUESTED_TOPIC,
    compacted: false,
    consumers: ['payment', 'notification'],
    definition: PaymentRequested,
    boundedField: 'procedureCode',
    timestampField: 'requestedAt',
    signer: (platform) => platform.signers.agencyB,
    async genuine(platform) {
      const dossierId = await dossierKnownToNotification(platform);
      const payload: PaymentRequestedV1 = { dossierId, agencyCode: AGENCY_B, procedureCode: 'JUS-CRIMINAL-RECORD', citizenRef: randomUUID(), feeCode: 'DOSSIER', amountVnd: 200_000, channel: 'online', requestedAt: now() };
      return {
        definition: PaymentRequested,
        payload,
        signer: platform.signers.agencyB,
        effects: async () => ({
          payment: await platform.count('payment', 'payment_order', 'dossier_id = $1', [dossierId]),
          notification: await platform.count('notification', 'notification_message', "dossier_id = $1 AND template_key = 'payment-requested-online' AND channel = 'in_app'", [dossierId]),
        }),
      };
    },
  },
  {
    tag: 'lifecycle',
    topic: 'intake.dossier-lifecycle.v1',
    compacted: false,
    consumers: ['notification'],
    definition: DossierStatusChanged,
    boundedField: 'procedureCode',
    timestampField: 'at',
    signer: (platform) => platform.signers.agencyA,
    genuine(platform) {
      const payload = received(randomUUID(), AGENCY_A);
      return Promise.resolve({
        definition: DossierStatusChanged,
        payload,
        signer: platform.signers.agencyA,
        effects: async () => ({ notification: await platform.count('notification', 'notification_message', "dossier_id = $1 AND template_key = 'dossier-received' AND channel = 'in_app'", [payload.dossierId]) }),
      });
    },
  },
  {
    tag: 'directory',
    topic: 'vault.directory-changed.v1',
    compacted: true,
    consumers: ['notification'],
    definition: GoverningBodyChanged,
    boundedField: 'nameVi',
    timestampField: 'dataSharingEffectiveFrom',
    signer: (platform) => platform.signers.vault,
    genuine(platform) {
      const agency = randomAgencyCode();
      const payload: GoverningBodyChangedV1 = {
        code: randomAgencyCode(),
        kind: 'province',
        nameVi: 'Ủy ban nhân dân thử nghiệm',
        nameEn: "Test People's Committee",
        dataSharingConnected: false,
        dataSharingEffectiveFrom: now(),
        agencies: [{ code: agency, nameVi: `Sở thử nghiệm ${agency}`, nameEn: `Test department ${agency}` }],
      };
      return Promise.resolve({
        definition: GoverningBodyChanged,
        payload,
        signer: platform.signers.vault,
        effects: async () => ({ notification: await platform.count('notification', 'agency_name', 'agency_code = $1', [agency]) }),
      });
    },
  },
];

/** A dossier of agency B that notification has been told of, as the lifecycle tells it before any fee. */
async function dossierKnownToNotification(platform: KafkaFuzzPlatform): Promise<string> {
  const dossierId = randomUUID();
  const record = await signedRecord(DossierStatusChanged, received(dossierId, AGENCY_B), platform.signers.agencyB);
  await platform.producer.send({ topic: 'intake.dossier-lifecycle.v1', acks: -1, messages: [record] });
  await eventually(async () => expect(await platform.count('notification', 'dossier_record', 'dossier_id = $1', [dossierId])).toBe(1), 60_000, 100);
  return dossierId;
}

function received(dossierId: string, agencyCode: string): DossierStatusChangedV1 {
  return {
    dossierId,
    agencyCode,
    procedureCode: 'JUS-CRIMINAL-RECORD',
    citizenRef: randomUUID(),
    from: 'submitted',
    to: 'received',
    actorRole: 'officer',
    officer: `officer@${agencyCode}`,
    dossierCode: `${agencyCode}-${randomInt(1_000_000)}`,
    appointmentDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
    serviceLevel: 4,
    at: now(),
  };
}

/** A code of the right form that no seed uses. */
function randomAgencyCode(): string {
  const groups = randomBytes(4).toString('hex').toUpperCase();
  return `${groups.slice(0, 3)}.${groups.slice(3, 5)}.${String(randomInt(100)).padStart(2, '0')}.Z${String(randomInt(100)).padStart(2, '0')}`;
}

import { DOSSIER_LIFECYCLE_TOPIC } from './events/dossier-status-changed.event';
import { PAYMENT_OUTCOME_TOPIC, PAYMENT_REQUESTED_TOPIC } from './events/payment.events';
import { deadLetterTopicSpec, type TopicSpec } from './topics';

/**
 * Topics the platform's setup creates before any service starts. Availability topics are
 * per governing body and are created by the vault when it learns of a body.
 */
export const PLATFORM_TOPICS: readonly TopicSpec[] = [
  { name: 'intake.document-verified.v1', partitions: 6, compacted: false },
  { name: 'intake.document-reused.v1', partitions: 6, compacted: false },
  { name: 'intake.dossier-rated.v1', partitions: 6, compacted: false },
  { name: 'vault.directory-changed.v1', partitions: 1, compacted: true },
  { name: DOSSIER_LIFECYCLE_TOPIC, partitions: 6, compacted: false },
  { name: PAYMENT_REQUESTED_TOPIC, partitions: 6, compacted: false },
  { name: PAYMENT_OUTCOME_TOPIC, partitions: 6, compacted: false },
  ...['vault', 'intake', 'payment', 'notification'].map(deadLetterTopicSpec),
];

export const AVAILABILITY_TOPIC_PARTITIONS = 6;

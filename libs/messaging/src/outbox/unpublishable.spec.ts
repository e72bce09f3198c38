import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { unpublishableReason } from './unpublishable';

function protocolError(type: string, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(type), { type, code: 0, retriable }));
}

describe(unpublishableReason.name, () => {
  const cases: [string, unknown, string | undefined][] = [
    ['a record too large', protocolError('MESSAGE_TOO_LARGE', false), 'MESSAGE_TOO_LARGE'],
    ['a batch too large', protocolError('RECORD_LIST_TOO_LARGE', false), 'RECORD_LIST_TOO_LARGE'],
    ['a deleted topic, after kafkajs gave up retrying', new KafkaJSNumberOfRetriesExceeded(protocolError('UNKNOWN_TOPIC_OR_PARTITION', true), { retryCount: 5, retryTime: 4_800 }), 'UNKNOWN_TOPIC_OR_PARTITION'],
    ['a topic we may not write', protocolError('TOPIC_AUTHORIZATION_FAILED', false), 'TOPIC_AUTHORIZATION_FAILED'],
    ['a broker unreachable', new KafkaJSConnectionError('Connection error: ECONNREFUSED'), undefined],
    ['a leader moving', protocolError('NOT_LEADER_FOR_PARTITION', true), undefined],
    ['a timeout', protocolError('REQUEST_TIMED_OUT', true), undefined],
    ['a plain error', new Error('boom'), undefined],
    ['nothing', undefined, undefined],
  ];
  it.each(cases.map(([name, error, expected]) => [name, expected, error] as const))('%s: %s', (_name, expected, error) => {
    expect(unpublishableReason(error)).toBe(expected);
  });
});

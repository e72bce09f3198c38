import { KafkaJSConnectionError, KafkaJSProtocolError } from 'kafkajs';
import { QueryFailedError } from 'typeorm';
import { classifyFailure, TransientEventError, type FailureClass } from './failure-classification';
import { UnrecoverableEventError } from './unrecoverable-event.error';

function withFields(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

function queryFailed(code: string): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], withFields(`sqlstate ${code}`, { code }));
}

describe(classifyFailure.name, () => {
  const cases: [string, unknown, FailureClass][] = [
    ['an UnrecoverableEventError', new UnrecoverableEventError('document does not exist'), 'permanent'],
    ['a TransientEventError', new TransientEventError('vault answered 503'), 'transient'],
    ['PostgreSQL refusing connections (57P03)', withFields('the database system is starting up', { code: '57P03' }), 'transient'],
    ['PostgreSQL shutting down (57P01)', withFields('terminating connection due to administrator command', { code: '57P01' }), 'transient'],
    ['a connection exception (08006)', withFields('connection failure', { code: '08006' }), 'transient'],
    ['a serialization failure (40001)', withFields('could not serialize access', { code: '40001' }), 'transient'],
    ['a deadlock (40P01)', withFields('deadlock detected', { code: '40P01' }), 'transient'],
    ['a statement timeout (57014)', withFields('canceling statement due to statement timeout', { code: '57014' }), 'transient'],
    ['too many connections (53300)', withFields('sorry, too many clients already', { code: '53300' }), 'transient'],
    ['a lock timeout (55P03)', withFields('could not obtain lock', { code: '55P03' }), 'transient'],
    ['a deadlock wrapped by TypeORM', queryFailed('40P01'), 'transient'],
    ['a unique violation wrapped by TypeORM', queryFailed('23505'), 'permanent'],
    ['a check violation (23514)', withFields('violates check constraint', { code: '23514' }), 'permanent'],
    ['invalid text representation (22P02)', withFields('invalid input syntax for type uuid', { code: '22P02' }), 'permanent'],
    ['an undefined table (42P01)', withFields('relation does not exist', { code: '42P01' }), 'permanent'],
    ['a refused TCP connection', withFields('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }), 'transient'],
    ['a reset TCP connection', withFields('read ECONNRESET', { code: 'ECONNRESET' }), 'transient'],
    ['a network timeout', withFields('connect ETIMEDOUT', { code: 'ETIMEDOUT' }), 'transient'],
    ['a DNS failure', withFields('getaddrinfo EAI_AGAIN db', { code: 'EAI_AGAIN' }), 'transient'],
    ["node-postgres' lost connection", new Error('Connection terminated unexpectedly'), 'transient'],
    ["node-postgres' pool timeout", new Error('timeout exceeded when trying to connect'), 'transient'],
    ['an HTTP 503 from a dependency', withFields('Service Unavailable', { status: 503 }), 'transient'],
    ['an HTTP 429 from a dependency', withFields('Too Many Requests', { status: 429 }), 'transient'],
    ['an HTTP 400 from a dependency', withFields('Bad Request', { status: 400 }), 'unknown'],
    ['a fetch failure whose cause is a refused connection', new TypeError('fetch failed', { cause: withFields('connect ECONNREFUSED', { code: 'ECONNREFUSED' }) }), 'transient'],
    ["a kafkajs connection error (retriable)", new KafkaJSConnectionError('Connection error'), 'transient'],
    ["a kafkajs non-retriable protocol error", new KafkaJSProtocolError(Object.assign(new Error('Not authorized to access topics'), { type: 'TOPIC_AUTHORIZATION_FAILED', code: 29, retriable: false })), 'unknown'],
    ['a plain handler error', new Error('probe 1 is poisoned'), 'unknown'],
    ['a thrown string', 'boom', 'unknown'],
    ['undefined', undefined, 'unknown'],
  ];

  it.each(cases.map(([name, error, expected]) => [name, expected, error] as const))('%s is %s', (_name, expected, error) => {
    expect(classifyFailure(error)).toBe(expected);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel, type Consumer, type KafkaConfig } from 'kafkajs';
import { agencyCodeSlug, AVAILABILITY_TOPIC_PARTITIONS, availabilityTopic, PAYMENT_OUTCOME_TOPIC, PLATFORM_TOPICS } from '@app/contracts';
import {
  createKafkaToolsHome,
  createThrowawayBrokerTls,
  defaultKafkaDistDir,
  ensureKafkaToolsDistribution,
  findFreePort,
  KAFKA_VERSION,
  runCommand,
  startLocalKafka,
  type LocalKafkaHandle,
  type ThrowawayBrokerTls,
} from '@app/local-infra';
import { ensureTopics } from '@app/messaging';
import { eventually } from '@app/testing';

/**
 * The deployment's Kafka security, proven on a real broker: one started here as deploy/k8s
 * expects its cluster (SASL_SSL, SCRAM-SHA-512, StandardAuthorizer denying what no ACL
 * allows), on ports and a state of its own, with the users and ACLs made by running
 * deploy/kafka/acls.sh itself against it, through Kafka's stock tools.
 */

const INTAKE_AGENCY = '000.00.12.H26';
const OTHER_BODY_AGENCY = '000.00.12.H17';
const OWN_BODY = '000.00.00.H26';
const OTHER_BODY = '000.00.00.H17';
const intakePrincipal = `intake-${agencyCodeSlug(INTAKE_AGENCY)}`;
/** What EventConsumerServer names the intake's group: `<deployment name>.<messaging instance id>`. */
const intakeGroup = `intake-${INTAKE_AGENCY.toLowerCase()}.${randomBytes(4).toString('hex')}`;

const STATE_DIR = resolve('.state/test-kafka-acls');
const SUPER_USER = { username: 'admin', password: randomBytes(18).toString('hex') };

/** Two free ports in a row: the launcher puts the controller on the client port + 1. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await findFreePort();
    const next = await new Promise<boolean>((free) => {
      const server = createServer().once('error', () => free(false));
      server.listen({ host: '127.0.0.1', port: port + 1, exclusive: true }, () => server.close(() => free(true)));
    });
    if (next) return port;
  }
}

/** An error and what it wraps, as `Name[TYPE]` (kafkajs nests the broker's answer in its own errors). */
function errorChain(error: unknown): string[] {
  const chain: string[] = [];
  for (let current: unknown = error; current instanceof Error && chain.length < 8; ) {
    const { type, originalError, cause } = current as Error & { type?: string; originalError?: unknown };
    chain.push(type ? `${current.name}[${type}]` : current.name);
    current = originalError ?? cause;
  }
  return chain;
}

async function refusal(attempt: Promise<unknown>): Promise<{ chain: string[]; message: string }> {
  try {
    await attempt;
  } catch (error) {
    return { chain: errorChain(error), message: (error as Error).message };
  }
  throw new Error('the broker allowed it');
}

describe('Kafka as deployed: SASL_SSL with SCRAM-SHA-512, and the ACLs of deploy/kafka/acls.sh', () => {
  let broker: LocalKafkaHandle;
  let tls: ThrowawayBrokerTls;
  let work: string;
  let passwords: string;
  let acls: { code: number; stdout: string; stderr: string };
  const started: { disconnect(): Promise<void> }[] = [];

  // A few quick retries: creating topics waits for their leaders. A refusal is not retried.
  const client = (config: Partial<KafkaConfig>): Kafka =>
    new Kafka({ clientId: 'security-test', brokers: broker.brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 1_000 }, ...config });
  const as = async (principal: string, password?: string): Promise<Kafka> =>
    client({
      ssl: { ca: [tls.caPem] },
      sasl: { mechanism: 'scram-sha-512', username: principal, password: password ?? (await readFile(join(passwords, principal), 'utf8')) },
    });
  const connected = async <T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(thing: T): Promise<T> => {
    started.push(thing);
    await thing.connect();
    return thing;
  };
  const idempotentProducer = async (principal: string) =>
    // As the outbox relay produces: idempotent, which needs Write on the topic only (KIP-679).
    connected((await as(principal)).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }));

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kafka-acls-'));
    passwords = join(work, 'passwords');
    tls = await createThrowawayBrokerTls(work);
    const log = (line: string) => process.stdout.write(`[kafka-acls] ${line}\n`);
    const distDir = defaultKafkaDistDir(STATE_DIR);
    const [toolsDir, kafkaPort] = await Promise.all([ensureKafkaToolsDistribution({ distDir, version: KAFKA_VERSION, log }), freePortPair()]);
    broker = await startLocalKafka({
      stateDir: STATE_DIR,
      kafkaPort,
      distDir,
      version: KAFKA_VERSION,
      log,
      security: { keystoreFile: tls.keystoreFile, caFile: tls.caFile, brokerCertificateSubject: tls.brokerCertificateSubject, superUser: SUPER_USER },
    });

    // The admin client settings acls.sh is given (--command-config), as an operator would write them.
    const adminProperties = join(work, 'admin.properties');
    await writeFile(
      adminProperties,
      [
        'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-512',
        `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${SUPER_USER.username}" password="${SUPER_USER.password}";`,
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${tls.caFile}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const kafkaHome = await createKafkaToolsHome(join(work, 'kafka-home'), toolsDir);
    const aclsStart = Date.now();
    acls = await runCommand(
      'bash',
      ['deploy/kafka/acls.sh', '--bootstrap-server', broker.brokers[0], '--command-config', adminProperties, '--password-dir', passwords, '--agency', INTAKE_AGENCY, '--agency', OTHER_BODY_AGENCY],
      { env: { ...process.env, KAFKA_HOME: kafkaHome }, timeoutMs: 240_000 },
    );
    log(`deploy/kafka/acls.sh exited ${acls.code} in ${((Date.now() - aclsStart) / 1000).toFixed(1)} s`);
    if (acls.code !== 0) throw new Error(`deploy/kafka/acls.sh failed (${acls.code}):\n${acls.stderr}\n${acls.stdout}`);

    // The setup Job's principal makes the platform's topics, and the vault its bodies' topics.
    // Again until it holds: kafkajs gives up when the broker does not know a topic it has just
    // created (UNKNOWN_TOPIC_OR_PARTITION, on a loaded machine), and ensureTopics is idempotent.
    const platformSetup = await as('platform-setup');
    await eventually(() => ensureTopics(platformSetup, PLATFORM_TOPICS), 60_000, 500);
    const vault = await as('vault');
    const bodyTopics = [OWN_BODY, OTHER_BODY].map((body) => ({ name: availabilityTopic(body), partitions: AVAILABILITY_TOPIC_PARTITIONS, compacted: true }));
    await eventually(() => ensureTopics(vault, bodyTopics), 60_000, 500);
  }, 420_000);

  afterAll(async () => {
    await Promise.all(started.map((thing) => thing.disconnect().catch(() => undefined)));
    await broker?.stop();
    await rm(STATE_DIR, { recursive: true, force: true });
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ran acls.sh through the stock tools: one generated password per principal, none of them printed', async () => {
    const principals = ['platform-setup', 'vault', 'payment', 'notification', intakePrincipal, `intake-${agencyCodeSlug(OTHER_BODY_AGENCY)}`];
    for (const principal of principals) {
      const password = await readFile(join(passwords, principal), 'utf8');
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(`${acls.stdout}${acls.stderr}`).not.toContain(password);
    }
    expect(acls.stdout).toContain(`principal=User:${intakePrincipal}`);
  });

  describe(`the intake of ${INTAKE_AGENCY}`, () => {
    it.each([
      ['its own body’s availability topic (it may only read it)', availabilityTopic(OWN_BODY)],
      ['the directory topic (it may only read it)', 'vault.directory-changed.v1'],
      ['the vault’s dead letters (it may not even see them)', 'vault.dead-letter.v1'],
    ])('is DENIED writing %s: TOPIC_AUTHORIZATION_FAILED', async (_, topic) => {
      const producer = await idempotentProducer(intakePrincipal);
      const denied = await refusal(producer.send({ topic, acks: -1, messages: [{ key: 'forged', value: '{}' }] }));
      expect(denied.chain).toContain('KafkaJSProtocolError[TOPIC_AUTHORIZATION_FAILED]');
    });

    it(`is DENIED reading another body’s availability topic (${availabilityTopic(OTHER_BODY)}), even with its own group`, async () => {
      const consumer: Consumer = await connected((await as(intakePrincipal)).consumer({ groupId: intakeGroup, allowAutoTopicCreation: false }));
      const denied = await refusal(consumer.subscribe({ topics: [availabilityTopic(OTHER_BODY)], fromBeginning: true }));
      expect(denied.chain).toContain('KafkaJSProtocolError[TOPIC_AUTHORIZATION_FAILED]');
      const admin = await connected((await as(intakePrincipal)).admin());
      expect((await refusal(admin.fetchTopicOffsets(availabilityTopic(OTHER_BODY)))).chain).toContain('KafkaJSProtocolError[TOPIC_AUTHORIZATION_FAILED]');
      expect(await admin.listTopics()).not.toContain(availabilityTopic(OTHER_BODY));
    });

    it('may write its own topics: intake.document-verified.v1 and its dead letters', async () => {
      const producer = await idempotentProducer(intakePrincipal);
      for (const topic of ['intake.document-verified.v1', 'intake.dead-letter.v1']) {
        const [written] = await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: '{}' }] });
        expect(written.errorCode).toBe(0);
      }
    });

    it('reads its own body’s availability topic and the payment outcomes with its own group, as its consumer starts', async () => {
      const ownTopic = availabilityTopic(OWN_BODY);
      const vault = await idempotentProducer('vault');
      const payment = await idempotentProducer('payment');
      await vault.send({ topic: ownTopic, acks: -1, messages: [{ key: 'document-1', value: 'available' }] });
      await payment.send({ topic: PAYMENT_OUTCOME_TOPIC, acks: -1, messages: [{ key: 'order-1', value: 'paid' }] });

      // What EventConsumerServer asks before it joins: the subscriptions' offsets and the group's.
      const admin = await connected((await as(intakePrincipal)).admin());
      expect(await admin.fetchTopicOffsets(ownTopic)).toHaveLength(AVAILABILITY_TOPIC_PARTITIONS);
      await admin.fetchOffsets({ groupId: intakeGroup, topics: [ownTopic, PAYMENT_OUTCOME_TOPIC] });

      const consumer = await connected((await as(intakePrincipal)).consumer({ groupId: intakeGroup, allowAutoTopicCreation: false }));
      await consumer.subscribe({ topics: [ownTopic, PAYMENT_OUTCOME_TOPIC], fromBeginning: true });
      const seen = new Map<string, string>();
      const both = new Promise<void>((done) => {
        void consumer.run({
          eachMessage: async ({ topic, message }) => {
            seen.set(topic, message.value?.toString() ?? '');
            if (seen.size === 2) done();
            return Promise.resolve();
          },
        });
      });
      await both;
      expect(Object.fromEntries(seen)).toEqual({ [ownTopic]: 'available', [PAYMENT_OUTCOME_TOPIC]: 'paid' });
    });

    it.each([
      ['another agency’s', `intake-${OTHER_BODY_AGENCY.toLowerCase()}.stolen`],
      ['the vault’s', 'vault.stolen'],
    ])('may not join %s consumer group: GROUP_AUTHORIZATION_FAILED', async (_, groupId) => {
      // kafkajs reports only "Failed to find group coordinator"; the broker's answer is in its debug log.
      const answers: string[] = [];
      const kafka = client({
        ssl: { ca: [tls.caPem] },
        sasl: { mechanism: 'scram-sha-512', username: intakePrincipal, password: await readFile(join(passwords, intakePrincipal), 'utf8') },
        logLevel: logLevel.DEBUG,
        logCreator: () => ({ log }) => {
          const { type } = (log as { error?: { type?: string } }).error ?? {};
          if (type) answers.push(type);
        },
      });
      const consumer = await connected(kafka.consumer({ groupId, allowAutoTopicCreation: false, retry: { retries: 0 } }));
      await consumer.subscribe({ topics: [availabilityTopic(OWN_BODY)], fromBeginning: true });
      const crashed = new Promise<unknown>((report) => consumer.on(consumer.events.CRASH, ({ payload }) => report(payload.error)));
      void consumer.run({ eachMessage: () => Promise.resolve() }).catch(() => undefined);
      expect(errorChain(await crashed)).toContain('KafkaJSGroupCoordinatorNotFound');
      expect(answers).toContain('GROUP_AUTHORIZATION_FAILED');
    });
  });

  describe('who may connect at all', () => {
    it('refuses a wrong password, and a user acls.sh never made', async () => {
      for (const [username, password] of [
        [intakePrincipal, 'not-the-password'],
        ['intake-000-00-99-h99', 'whatever'],
      ]) {
        const denied = await refusal((await as(username, password)).admin().connect());
        expect(denied.chain[0]).toBe('KafkaJSSASLAuthenticationError');
      }
    });

    it('refuses a plaintext client, with or without credentials', async () => {
      const password = await readFile(join(passwords, intakePrincipal), 'utf8');
      for (const config of [{}, { sasl: { mechanism: 'scram-sha-512' as const, username: intakePrincipal, password } }]) {
        // The broker expects a TLS handshake and closes the connection on anything else.
        const denied = await refusal(client({ ...config, retry: { retries: 0 } }).admin().connect());
        expect(denied.chain).toContain('KafkaJSConnectionClosedError');
      }
    });

    it('refuses a TLS client that does not log in', async () => {
      // TLS is accepted, then the first request that is not a SASL handshake ends the connection.
      const denied = await refusal(client({ ssl: { ca: [tls.caPem] }, retry: { retries: 0 } }).admin().listTopics());
      expect(denied.chain).toContain('KafkaJSConnectionClosedError');
    });

    it('is refused by a client that does not trust the broker’s CA (KAFKA_SSL=true with the system CAs)', async () => {
      const password = await readFile(join(passwords, intakePrincipal), 'utf8');
      const denied = await refusal(client({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: intakePrincipal, password }, retry: { retries: 0 } }).admin().connect());
      expect(denied.message).toMatch(/self[- ]signed|unable to verify|certificate/i);
    });
  });
});

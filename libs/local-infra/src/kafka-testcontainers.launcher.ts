import type { KafkaHandle, LogFn } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { waitForKafka, warmUpKafkaCoordinators } from './kafka-cluster.probe';
import { SINGLE_NODE_BROKER_SETTINGS, newKafkaClusterId, toKafkaImageEnv } from './kafka-server-properties.builder';

const CLIENT_PORT = 9092;
const STARTER_SCRIPT = '/tmp/local-infra-start.sh';
const STARTER_READY = '/tmp/local-infra-start.ready';
const WAITING_LINE = 'local-infra: waiting for the start script';

/**
 * Runs the official apache/kafka image. @testcontainers/kafka 11.x cannot be used for it:
 * its KafkaContainer drives Confluent's /etc/confluent/docker/run and treats tags below
 * 8.0.0 as ZooKeeper images. So this uses GenericContainer with the approach that
 * Testcontainers uses for Java's apache/kafka module: the advertised listener must carry
 * the host port Docker maps, which is known only after the container starts, so the
 * container first waits for a start script that is copied in once the port is known.
 * Ryuk removes the container if Node dies without calling stop().
 */
export async function startKafkaContainer(version: string, log: LogFn): Promise<KafkaHandle> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const image = `apache/kafka:${version}`;
  log(`starting ${image} with Testcontainers`);
  const container = await new GenericContainer(image)
    .withExposedPorts(CLIENT_PORT)
    .withEnvironment({
      CLUSTER_ID: newKafkaClusterId(),
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${CLIENT_PORT},BROKER://0.0.0.0:9093,CONTROLLER://0.0.0.0:9094`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      // The image's defaults name port 29093 here; it must match the CONTROLLER listener.
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9094',
      ...toKafkaImageEnv(SINGLE_NODE_BROKER_SETTINGS),
    })
    .withEntrypoint(['sh'])
    .withCommand([
      '-c',
      `echo '${WAITING_LINE}'; while [ ! -f ${STARTER_READY} ]; do sleep 0.1; done; exec ${STARTER_SCRIPT}`,
    ])
    .withWaitStrategy(Wait.forLogMessage(WAITING_LINE))
    .withStartupTimeout(180_000)
    .start();

  const bootstrap = `${container.getHost()}:${container.getMappedPort(CLIENT_PORT)}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= container.stop().then(() => undefined);
    return stopping;
  };
  try {
    const script = [
      '#!/bin/sh',
      `export KAFKA_ADVERTISED_LISTENERS='PLAINTEXT://${bootstrap},BROKER://localhost:9093'`,
      'exec /etc/kafka/docker/run',
      '',
    ].join('\n');
    await container.copyContentToContainer([{ content: script, target: STARTER_SCRIPT, mode: 0o755 }]);
    // Separate flag: the wait loop must not exec the script while docker cp still has it
    // open for writing ("Text file busy").
    await container.copyContentToContainer([{ content: '', target: STARTER_READY }]);
    await waitForKafka([bootstrap], { timeoutMs: 120_000 });
    await warmUpKafkaCoordinators([bootstrap], 60_000);
  } catch (error) {
    await stop().catch(() => undefined);
    throw new InfrastructureUnavailableError('Kafka', `container ${image} did not serve on ${bootstrap}: ${(error as Error).message}`);
  }
  log(`Kafka container ${image} ready on ${bootstrap}`);
  return { brokers: [bootstrap], source: 'testcontainers', stop };
}

import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { Logger } from '@nestjs/common';

export interface KafkaSettings {
  readonly brokers: string[];
  readonly clientId: string;
  readonly ssl?: boolean;
  /** SCRAM credentials of this deployment's own principal; absent for the local plaintext broker. */
  readonly sasl?: Extract<SASLOptions, { mechanism: 'scram-sha-256' | 'scram-sha-512' }>;
  /** How long to keep trying to reach a broker before giving up, so a service fails fast rather than hangs. */
  readonly connectTimeoutMs?: number;
}

export function createKafka(settings: KafkaSettings): Kafka {
  const logger = new Logger('kafkajs');
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    // About ten seconds of visible retries in all, then the caller gets the error.
    retry: { initialRetryTime: 300, retries: retriesWithin(settings.connectTimeoutMs ?? 10_000) },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...extra } = log;
        const line = `${message} ${JSON.stringify(extra)}`;
        if (level === logLevel.ERROR) logger.error(line);
        else if (level === logLevel.WARN) logger.warn(line);
        else logger.log(line);
      },
  };
  if (settings.ssl) config.ssl = true;
  if (settings.sasl) config.sasl = settings.sasl;
  return new Kafka(config);
}

/** kafkajs doubles its wait each retry (from 300 ms); this many retries fit in the budget. */
export function retriesWithin(budgetMs: number): number {
  let retries = 0;
  let spent = 0;
  for (let wait = 300; spent + wait <= budgetMs; wait *= 2) {
    spent += wait;
    retries += 1;
  }
  return Math.max(retries, 1);
}

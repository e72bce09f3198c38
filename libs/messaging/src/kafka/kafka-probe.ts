import type { Admin, Kafka } from 'kafkajs';

/** Readiness probe: the cluster answers a metadata request. Callers bound it with a timeout. */
export class KafkaProbe {
  private admin: Admin | undefined;

  constructor(private readonly kafka: Kafka) {}

  async ping(): Promise<{ brokers: number }> {
    this.admin ??= this.kafka.admin({ retry: { retries: 0 } });
    await this.admin.connect();
    const cluster = await this.admin.describeCluster();
    return { brokers: cluster.brokers.length };
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }
}

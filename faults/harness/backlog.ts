import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultPlatform } from './fault-platform';

/** The consumer groups of the platform's deployments (`<deployment>.<instance id>`), by deployment. */
export async function platformGroups(platform: FaultPlatform): Promise<Map<string, string>> {
  const admin = platform.kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const found = new Map<string, string>();
    for (const deployment of platform.deployments) {
      const group = groups.find((g) => g.groupId.startsWith(`${deployment.name}.`));
      if (group) found.set(deployment.name, group.groupId);
    }
    return found;
  } finally {
    await admin.disconnect();
  }
}

/**
 * What is still to be done: rows in every outbox, and records not yet consumed by every group.
 * Undefined when it cannot be read (the broker or the database is down): not drained.
 */
export async function backlog(platform: FaultPlatform): Promise<number | undefined> {
  try {
    let total = 0;
    for (const deployment of platform.deployments) {
      const { rows } = await platform.pool(deployment).query<{ n: string }>('SELECT count(*) AS n FROM outbox_message');
      total += Number(rows[0].n);
    }
    const admin = platform.kafka.admin();
    await admin.connect();
    try {
      for (const groupId of (await platformGroups(platform)).values()) {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
          const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
          for (const { partition, offset } of partitions) total += Math.max(0, (ends.get(partition) ?? 0) - Math.max(0, Number(offset)));
        }
      }
    } finally {
      await admin.disconnect();
    }
    return total;
  } catch {
    return undefined;
  }
}

/**
 * Resolves with the time every service is ready and at most `atMost` things are left to do, or
 * undefined past the timeout. Under load a few events are always on their way; at rest, none.
 */
export async function drained(platform: FaultPlatform, timeoutMs: number, atMost = 0): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = (await Promise.all(platform.deployments.map((d) => d.isReady()))).every(Boolean);
    const left = ready ? await backlog(platform) : undefined;
    if (left !== undefined && left <= atMost) return Date.now();
    await sleep(250);
  }
  return undefined;
}

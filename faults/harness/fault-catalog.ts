import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { platformGroups } from './backlog';
import type { FaultPlatform } from './fault-platform';

export interface Fault {
  readonly name: string;
  /** Breaks something, then mends it; resolves with the moment it was mended (the restart). */
  inject(platform: FaultPlatform): Promise<number>;
}

/** How long a crashed part stays down before it is started again (an orchestrator's back-off). */
const DOWN_MS = 2_000;
/** Longer than the consumers' 6 s session, so the stalled member is evicted from its group. */
const STALL_MS = 10_000;
/** How far back a redelivery storm rewinds each partition of every group. */
const REWIND_RECORDS = 500;

/** Breaks a part without warning, leaves it down DOWN_MS, starts it again; recovery counts from the restart. */
function crashAndRestart(name: string, crash: (p: FaultPlatform) => Promise<unknown>, restart: (p: FaultPlatform) => Promise<unknown>): Fault {
  return {
    name,
    inject: async (platform) => {
      await crash(platform);
      await sleep(DOWN_MS);
      const restarted = Date.now();
      await restart(platform);
      return restarted;
    },
  };
}

export function faultCatalog(platform: FaultPlatform): Fault[] {
  return [
    ...platform.deployments.map((d) => crashAndRestart(`SIGKILL ${d.name}`, () => d.kill('SIGKILL'), () => d.start())),
    crashAndRestart('Kafka broker killed', (p) => p.crashKafka(), (p) => p.restartKafka()),
    crashAndRestart('PostgreSQL stopped (immediate)', (p) => p.crashPostgres(), (p) => p.restartPostgres()),
    {
      name: 'vault broker connection stalled 10 s',
      inject: async (p) => {
        p.proxy.stall('vault');
        await sleep(STALL_MS);
        p.proxy.resume();
        return Date.now();
      },
    },
    {
      name: 'redelivery storm (every group rewound)',
      inject: async (p) => {
        // Kafka moves a group's offsets only while it has no members: the consumers stop first.
        const groups = await platformGroups(p);
        const forced = await Promise.all(p.deployments.map(async (d) => ((await d.kill('SIGTERM')) ? [] : [d.name])));
        // A stop that needs the SIGKILL is a finding of its own: Kubernetes would have to force it too.
        if (forced.flat().length > 0) throw new Error(`SIGTERM did not stop ${forced.flat().join(', ')} within 45 s`);
        const admin = p.kafka.admin();
        await admin.connect();
        try {
          await groupsEmpty(admin, [...groups.values()]);
          for (const groupId of groups.values()) {
            for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
              const rewound = partitions.map(({ partition, offset }) => ({ partition, offset: String(Math.max(0, Number(offset) - REWIND_RECORDS)) }));
              await admin.setOffsets({ groupId, topic, partitions: rewound });
            }
          }
        } finally {
          await admin.disconnect();
        }
        const restarted = Date.now();
        await Promise.all(p.deployments.map((d) => d.start()));
        return restarted;
      },
    },
  ];
}

/** Until every group has no member: a stopped consumer leaves at once, a killed one when its session ends. */
async function groupsEmpty(admin: Admin, groupIds: readonly string[]): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(250)) {
    const { groups } = await admin.describeGroups([...groupIds]);
    if (groups.every((group) => group.members.length === 0)) return;
  }
  throw new Error(`consumer groups still have members after 60 s: ${groupIds.join(', ')}`);
}

export const NO_FAULT: Fault = { name: 'no fault (control)', inject: () => Promise.resolve(Date.now()) };

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addScramArguments } from './kafka-storage.formatter';
import { createKafkaToolsHome, KAFKA_TOOL_CLASSES, kafkaToolScript } from './kafka-tools.home';

describe(createKafkaToolsHome.name, () => {
  let home: string;
  beforeAll(async () => {
    home = await createKafkaToolsHome(await mkdtemp(join(tmpdir(), 'kafka-home-')), '/cache/kafka dist/4.4.0/tools');
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('writes an executable bin/ script for each tool deploy/kafka/acls.sh calls', async () => {
    // Vitest runs from the repository root.
    const aclsScript = await readFile(resolve('deploy/kafka/acls.sh'), 'utf8');
    const tools = [...aclsScript.matchAll(/tool (kafka-[\w-]+\.sh)/g)].map((match) => match[1]);
    expect(tools.sort()).toEqual(['kafka-acls.sh', 'kafka-configs.sh']);
    for (const tool of tools) {
      expect(Object.keys(KAFKA_TOOL_CLASSES)).toContain(tool);
      expect((await stat(join(home, 'bin', tool))).mode & 0o111).not.toBe(0);
    }
  });

  it("runs the tool's class on the tools' jars, passing every argument through, with the path quoted", async () => {
    const script = await readFile(join(home, 'bin', 'kafka-acls.sh'), 'utf8');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain(`-cp '/cache/kafka dist/4.4.0/tools/*' org.apache.kafka.tools.AclCommand "$@"`);
    expect(await readFile(join(home, 'bin', 'kafka-configs.sh'), 'utf8')).toContain('org.apache.kafka.tools.ConfigCommand "$@"');
  });

  it('records a class archive on the first run and maps it on later ones', () => {
    const script = kafkaToolScript('/tools', 'Main', '/home/kafka-tools.jsa');
    expect(script).toContain('if [ -f /home/kafka-tools.jsa ]; then share=-XX:SharedArchiveFile=/home/kafka-tools.jsa; else share=-XX:ArchiveClassesAtExit=/home/kafka-tools.jsa; fi');
    expect(script).toContain('exec java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$share" -cp');
  });
});

describe(addScramArguments.name, () => {
  it("writes Kafka's own --add-scram syntax, one per user", () => {
    expect(addScramArguments([{ username: 'admin', password: 'p1' }])).toEqual(['--add-scram', 'SCRAM-SHA-512=[name=admin,password=p1]']);
    expect(addScramArguments([])).toEqual([]);
  });
});

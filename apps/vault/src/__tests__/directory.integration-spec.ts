import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResourceTypes } from 'kafkajs';
import { availabilityTopic, type GoverningBodyChangedV1 } from '@app/contracts';
import { eventually, TopicRecorder } from '@app/testing';
import { VaultSeeder } from '../seeding/vault.seeder';
import { VaultHarness } from './vault.harness';

const DIRECTORY_TOPIC = 'vault.directory-changed.v1';

describe('vault: the agency directory, document types and the seeder', () => {
  let vault: VaultHarness;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    vault = await VaultHarness.start();
    recorder = await TopicRecorder.start(vault.kafka, [DIRECTORY_TOPIC]);
  });

  afterAll(async () => {
    await recorder?.stop();
    await vault?.stop();
  });

  /** A code no earlier run used: the directory topic is shared and compacted by code. */
  const uniqueCode = (group = '00') => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const prefix = Array.from({ length: 3 }, () => alphabet[randomInt(0, alphabet.length)]).join('');
    return { body: `${prefix}.00.00.Y${String(randomInt(0, 100)).padStart(2, '0')}`, agency: (n: string) => `${prefix}.00.${n}.Y${group}` };
  };

  const snapshots = (code: string) =>
    recorder
      .on(DIRECTORY_TOPIC)
      .filter((message) => message.key === code)
      .map((message) => JSON.parse(message.value!) as GoverningBodyChangedV1);

  const awaitSnapshots = (code: string, count: number) =>
    eventually(() => {
      const found = snapshots(code);
      expect(found).toHaveLength(count);
      return found;
    });

  const errorCode = (body: unknown) => (body as { error: { code: string } }).error.code;

  it('lets only admins change the directory and the document types', async () => {
    const code = uniqueCode().body;
    for (const caller of [await vault.citizen(), await vault.officer('000.00.12.H26')]) {
      const refusals = [
        await vault.http().put(`/directory/governing-bodies/${code}`).set('authorization', caller).send({ kind: 'province', nameVi: 'X', nameEn: 'X' }),
        await vault.http().put(`/directory/agencies/${code}`).set('authorization', caller).send({ governingBodyCode: code, nameVi: 'X', nameEn: 'X', tier: 'province' }),
        await vault.http().put(`/directory/governing-bodies/${code}/data-sharing`).set('authorization', caller).send({ connected: true }),
        await vault.http().put('/document-types/TEST_TYPE').set('authorization', caller).send({ nameVi: 'X', nameEn: 'X', validityMonths: 1 }),
      ];
      expect(refusals.map((response) => [response.status, errorCode(response.body)])).toEqual(Array(4).fill([403, 'ROLE_NOT_ALLOWED']));
    }
    await vault.http().put(`/directory/governing-bodies/${code}`).send({ kind: 'province', nameVi: 'X', nameEn: 'X' }).expect(401);
    expect(await vault.count('governing_body', 'code = $1', [code])).toBe(0);
    expect(await vault.count('document_type', `code = 'TEST_TYPE'`)).toBe(0);
  });

  it('creates a body with its availability topic, and announces every change to it with a full snapshot', async () => {
    const codes = uniqueCode();
    const admin = await vault.admin();
    const created = await vault
      .http()
      .put(`/directory/governing-bodies/${codes.body}`)
      .set('authorization', admin)
      .send({ kind: 'ministry', nameVi: 'Bộ Thử nghiệm', nameEn: 'Ministry of Testing' })
      .expect(201);
    expect(created.body).toMatchObject({ code: codes.body, kind: 'ministry', dataSharing: { connected: false }, agencies: [] });
    const kafkaAdmin = vault.kafka.admin();
    await kafkaAdmin.connect();
    const metadata = await kafkaAdmin.fetchTopicMetadata({ topics: [availabilityTopic(codes.body)] });
    const configs = await kafkaAdmin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: availabilityTopic(codes.body), configNames: ['cleanup.policy'] }] });
    await kafkaAdmin.disconnect();
    expect(metadata.topics[0].partitions).toHaveLength(6);
    expect(configs.resources[0].configEntries[0].configValue).toBe('compact');

    await vault
      .http()
      .put(`/directory/agencies/${codes.agency('01')}`)
      .set('authorization', admin)
      .send({ governingBodyCode: codes.body, nameVi: 'Cục Một', nameEn: 'Department One', tier: 'central' })
      .expect(201);
    // The same values again change nothing, and announce nothing.
    await vault
      .http()
      .put(`/directory/agencies/${codes.agency('01')}`)
      .set('authorization', admin)
      .send({ governingBodyCode: codes.body, nameVi: 'Cục Một', nameEn: 'Department One', tier: 'central' })
      .expect(200);
    await vault.http().put(`/directory/governing-bodies/${codes.body}/data-sharing`).set('authorization', admin).send({ connected: true }).expect(200);

    const [first, second, third] = await awaitSnapshots(codes.body, 3);
    expect(first).toMatchObject({ code: codes.body, kind: 'ministry', nameEn: 'Ministry of Testing', dataSharingConnected: false, agencies: [] });
    expect(second).toMatchObject({ dataSharingConnected: false, agencies: [{ code: codes.agency('01'), nameVi: 'Cục Một', nameEn: 'Department One' }] });
    expect(third).toMatchObject({ dataSharingConnected: true, agencies: [{ code: codes.agency('01') }] });

    const listed = await vault.http().get('/directory/governing-bodies').set('authorization', await vault.citizen()).expect(200);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ code: codes.body, dataSharing: expect.objectContaining({ connected: true }) }));
    const agency = await vault.http().get(`/directory/agencies/${codes.agency('01')}`).set('authorization', await vault.officer(codes.agency('01'))).expect(200);
    expect(agency.body).toEqual({ code: codes.agency('01'), governingBodyCode: codes.body, nameVi: 'Cục Một', nameEn: 'Department One', tier: 'central' });
  });

  it('refuses malformed codes, unknown bodies, moves between bodies and future effective dates', async () => {
    const admin = await vault.admin();
    const codes = uniqueCode();
    const other = uniqueCode();
    const body = { kind: 'province', nameVi: 'Ủy ban', nameEn: 'Committee' };
    expect(errorCode((await vault.http().put('/directory/governing-bodies/H26').set('authorization', admin).send(body).expect(400)).body)).toBe('INVALID_AGENCY_CODE');
    expect(errorCode((await vault.http().get('/directory/agencies/nope').set('authorization', admin).expect(400)).body)).toBe('INVALID_AGENCY_CODE');
    expect(errorCode((await vault.http().get(`/directory/governing-bodies/${codes.body}`).set('authorization', admin).expect(404)).body)).toBe('GOVERNING_BODY_NOT_FOUND');
    const agency = { governingBodyCode: codes.body, nameVi: 'Sở', nameEn: 'Department', tier: 'province' };
    expect(errorCode((await vault.http().put(`/directory/agencies/${codes.agency('01')}`).set('authorization', admin).send(agency).expect(422)).body)).toBe(
      'UNKNOWN_GOVERNING_BODY',
    );
    expect(
      errorCode((await vault.http().put(`/directory/agencies/${codes.agency('01')}`).set('authorization', admin).send({ ...agency, governingBodyCode: 'bad' }).expect(400)).body),
    ).toBe('INVALID_AGENCY_CODE');
    await vault.http().put(`/directory/governing-bodies/${codes.body}`).set('authorization', admin).send({ ...body, kind: 'kingdom' }).expect(400);

    await vault.http().put(`/directory/governing-bodies/${codes.body}`).set('authorization', admin).send(body).expect(201);
    await vault.http().put(`/directory/governing-bodies/${other.body}`).set('authorization', admin).send(body).expect(201);
    await vault.http().put(`/directory/agencies/${codes.agency('01')}`).set('authorization', admin).send(agency).expect(201);
    const moved = await vault
      .http()
      .put(`/directory/agencies/${codes.agency('01')}`)
      .set('authorization', admin)
      .send({ ...agency, governingBodyCode: other.body })
      .expect(409);
    expect(errorCode(moved.body)).toBe('AGENCY_MOVE_NOT_SUPPORTED');

    const future = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = await vault.http().put(`/directory/governing-bodies/${codes.body}/data-sharing`).set('authorization', admin).send({ connected: true, effectiveFrom: future }).expect(400);
    expect(errorCode(scheduled.body)).toBe('EFFECTIVE_DATE_IN_FUTURE');
    expect((await vault.http().get(`/directory/governing-bodies/${codes.body}`).set('authorization', admin).expect(200)).body).toMatchObject({
      dataSharing: { connected: false },
    });
    await vault.http().put(`/directory/governing-bodies/${uniqueCode().body}/data-sharing`).set('authorization', admin).send({ connected: true }).expect(404);
  });

  it('keeps document types, with a validity or none, and refuses malformed ones', async () => {
    const admin = await vault.admin();
    const code = `TEST_${randomUUID().slice(0, 8).toUpperCase().replaceAll('-', '')}`;
    await vault.http().put(`/document-types/${code}`).set('authorization', admin).send({ nameVi: 'Giấy thử', nameEn: 'Test paper', validityMonths: 3 }).expect(201);
    await vault.http().put(`/document-types/${code}`).set('authorization', admin).send({ nameVi: 'Giấy thử', nameEn: 'Test paper', validityMonths: null }).expect(200);
    const listed = await vault.http().get('/document-types').set('authorization', await vault.citizen()).expect(200);
    expect(listed.body.items).toContainEqual({ code, nameVi: 'Giấy thử', nameEn: 'Test paper', validityMonths: null });

    expect(errorCode((await vault.http().put('/document-types/lower-case').set('authorization', admin).send({ nameVi: 'x', nameEn: 'x', validityMonths: 1 }).expect(400)).body)).toBe(
      'INVALID_DOCUMENT_TYPE_CODE',
    );
    // Leaving the validity out is refused: "valid forever" must be said explicitly, with null.
    await vault.http().put(`/document-types/${code}`).set('authorization', admin).send({ nameVi: 'x', nameEn: 'x' }).expect(400);
    await vault.http().put(`/document-types/${code}`).set('authorization', admin).send({ nameVi: 'x', nameEn: 'x', validityMonths: 0 }).expect(400);
  });

  describe('seeding', () => {
    let folder: string;

    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'vault-seed-'));
    });

    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    async function writeSeed(bodies: object[], types: object[]) {
      await writeFile(join(folder, 'directory.json'), JSON.stringify({ _note: 'test', governingBodies: bodies }));
      await writeFile(join(folder, 'document-types.json'), JSON.stringify({ documentTypes: types }));
    }

    it('loads bodies, agencies and types idempotently, announcing only what is new or changed', async () => {
      const first = uniqueCode('01');
      const second = uniqueCode('02');
      const typeCode = `SEED_${randomUUID().slice(0, 8).toUpperCase()}`;
      const bodies = [
        {
          code: first.body,
          kind: 'province',
          nameVi: 'Tỉnh Một',
          nameEn: 'Province One',
          dataSharing: { connected: true, effectiveFrom: '2025-07-01T00:00:00.000Z' },
          agencies: [{ code: first.agency('12'), nameVi: 'Sở Tư pháp', nameEn: 'Department of Justice', tier: 'province' }],
        },
        { code: second.body, kind: 'province', nameVi: 'Tỉnh Hai', nameEn: 'Province Two', dataSharing: { connected: false, effectiveFrom: '2025-07-01T00:00:00.000Z' }, agencies: [] },
      ];
      const types = [{ code: typeCode, nameVi: 'Giấy', nameEn: 'Paper', validityMonths: 12 }];
      const seeder = vault.service.app.get(VaultSeeder);

      await writeSeed(bodies, types);
      expect(await seeder.seed(folder)).toBe(
        'directory: 2 governing bodies (2 new, 0 changed, 0 unchanged), 1 agencies; document types: 1 (1 new, 0 changed, 0 unchanged)',
      );
      const [announced] = await awaitSnapshots(first.body, 1);
      expect(announced).toMatchObject({ dataSharingConnected: true, dataSharingEffectiveFrom: '2025-07-01T00:00:00.000Z', agencies: [{ code: first.agency('12') }] });
      await awaitSnapshots(second.body, 1);

      expect(await seeder.seed(folder)).toBe(
        'directory: 2 governing bodies (0 new, 0 changed, 2 unchanged), 1 agencies; document types: 1 (0 new, 0 changed, 1 unchanged)',
      );

      bodies[1].nameEn = 'Province Two (renamed)';
      await writeSeed(bodies, types);
      expect(await seeder.seed(folder)).toMatch(/\(0 new, 1 changed, 1 unchanged\)/);
      // One partition, in order: had the quiet re-seed announced anything, it would show here.
      const secondSnapshots = await awaitSnapshots(second.body, 2);
      expect(secondSnapshots[1].nameEn).toBe('Province Two (renamed)');
      expect(snapshots(first.body)).toHaveLength(1);
      expect(await vault.count('agency', 'code = $1', [first.agency('12')])).toBe(1);

      // The seed runs at every rollout: it must not undo a body's decision taken through the admin API.
      await vault.setDataSharing(first.body, false);
      await seeder.seed(folder);
      expect(await vault.count('governing_body', 'code = $1 AND data_sharing_connected = false', [first.body])).toBe(1);
    });

    it('refuses an invalid seed file, naming the problem, before writing anything', async () => {
      const code = uniqueCode().body;
      await writeSeed([{ code, kind: 'province', nameVi: 'x', nameEn: 'x', dataSharing: { connected: 'yes', effectiveFrom: 'soon' }, agencies: [] }], []);
      await expect(vault.service.app.get(VaultSeeder).seed(folder)).rejects.toThrow(/directory\.json is invalid: .*connected/);
      expect(await vault.count('governing_body', 'code = $1', [code])).toBe(0);
    });

    it('loads the real seed files of deploy/seed', async () => {
      const summary = await vault.service.app.get(VaultSeeder).seed('deploy/seed');
      expect(summary).toMatch(/^directory: 36 governing bodies \(.*\), \d+ agencies; document types: 23 \(/);
      expect(await vault.count('governing_body', `code LIKE '000.00.00.%'`)).toBe(36);
      expect(await vault.count('document_type', `code IN ('HEALTH_CERTIFICATE', 'BIRTH_CERTIFICATE')`)).toBe(2);
      expect(await vault.count('governing_body', `code = '000.00.00.H26' AND data_sharing_connected`)).toBe(1);
    });
  });
});

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import { decodeCursor, isCodeKey, toPage, type Page, type PageQuery } from '@app/platform';
import {
  AVAILABILITY_TOPIC_PARTITIONS,
  AgencySnapshot,
  availabilityTopic,
  GoverningBodyChanged,
  GoverningBodyChangedV1,
  type GoverningBodyKind,
  type TopicSpec,
} from '@app/contracts';
import { ensureTopics, KAFKA, OutboxWriter } from '@app/messaging';
import { AvailabilityPublisher } from '../availability/availability.publisher';
import type { WriteOutcome } from '../common/write-outcome';
import { Agency, type AgencyTier } from './agency.entity';
import {
  agencyMoveNotSupported,
  agencyNotFound,
  assertAgencyCode,
  effectiveDateInFuture,
  governingBodyNotFound,
  unknownGoverningBody,
} from './directory.errors';
import type { AgencyView, GoverningBodyView } from './directory.dto';
import { GoverningBody } from './governing-body.entity';

export interface GoverningBodyInput {
  readonly kind: GoverningBodyKind;
  readonly nameVi: string;
  readonly nameEn: string;
}

export interface AgencyInput {
  readonly governingBodyCode: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly tier: AgencyTier;
}

export interface DataSharingInput {
  readonly connected: boolean;
  readonly effectiveFrom?: Date;
}

/** One governing body as the seed file declares it: the body, its data sharing and its agencies. */
export interface GoverningBodyDeclaration extends GoverningBodyInput {
  readonly code: string;
  readonly dataSharing: Required<DataSharingInput>;
  readonly agencies: readonly (Omit<AgencyInput, 'governingBodyCode'> & { readonly code: string })[];
}

export function availabilityTopicSpec(governingBodyCode: string): TopicSpec {
  return { name: availabilityTopic(governingBodyCode), partitions: AVAILABILITY_TOPIC_PARTITIONS, compacted: true };
}

/**
 * The agency directory: governing bodies, their agencies and their data sharing. The admin
 * API and the seeder both go through here, so a change is validated, committed and announced
 * (one `GoverningBodyChanged` snapshot per changed body, through the outbox) the same way.
 */
@Injectable()
export class DirectoryService {
  private readonly logger = new Logger(DirectoryService.name);
  /** Bodies whose availability topic this process has already made sure of. */
  private readonly topicsEnsured = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly availability: AvailabilityPublisher,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  /** By code, keyset-paged: a page of bodies, then the agencies of those bodies only. */
  async listGoverningBodies(page: PageQuery): Promise<Page<GoverningBodyView>> {
    const after = page.cursor ? (decodeCursor(page.cursor, [isCodeKey])[0] as string) : undefined;
    const bodies = await this.dataSource.manager.find(GoverningBody, {
      where: after === undefined ? {} : { code: MoreThan(after) },
      order: { code: 'ASC' },
      take: page.limit + 1,
    });
    const served = bodies.slice(0, page.limit);
    const agencies = served.length === 0 ? [] : await this.dataSource.manager.find(Agency, { where: { governingBodyCode: In(served.map((body) => body.code)) }, order: { code: 'ASC' } });
    for (const body of served) body.agencies = agencies.filter((agency) => agency.governingBodyCode === body.code);
    return toPage(bodies, page.limit, (body) => [body.code], toBodyView);
  }

  async getGoverningBody(code: string): Promise<GoverningBodyView> {
    assertAgencyCode(code);
    const body = await this.dataSource.manager.findOne(GoverningBody, { where: { code }, relations: { agencies: true }, order: { agencies: { code: 'ASC' } } });
    if (!body) throw governingBodyNotFound(code);
    return toBodyView(body);
  }

  async getAgency(code: string): Promise<AgencyView> {
    assertAgencyCode(code);
    const agency = await this.dataSource.manager.findOne(Agency, { where: { code } });
    if (!agency) throw agencyNotFound(code);
    return toAgencyView(agency);
  }

  async upsertGoverningBody(code: string, input: GoverningBodyInput): Promise<{ outcome: WriteOutcome; body: GoverningBodyView }> {
    assertAgencyCode(code);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const outcome = await this.writeGoverningBody(manager, code, input, { connected: false, effectiveFrom: new Date() });
      if (outcome !== 'unchanged') await this.publishSnapshot(manager, code);
      return outcome;
    });
    return { outcome, body: await this.getGoverningBody(code) };
  }

  async upsertAgency(code: string, input: AgencyInput): Promise<{ outcome: WriteOutcome; agency: AgencyView }> {
    assertAgencyCode(code);
    assertAgencyCode(input.governingBodyCode);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const outcome = await this.writeAgency(manager, code, input);
      if (outcome !== 'unchanged') await this.publishSnapshot(manager, input.governingBodyCode);
      return outcome;
    });
    return { outcome, agency: await this.getAgency(code) };
  }

  /**
   * Connects or disconnects a body's data sharing and, in the same transaction, republishes
   * the availability of every document its agencies verified with the new scope: that is
   * how connecting widens reuse to sibling agencies and disconnecting narrows it again.
   */
  async setDataSharing(code: string, input: DataSharingInput, now = new Date()): Promise<GoverningBodyView> {
    assertAgencyCode(code);
    if (input.effectiveFrom && input.effectiveFrom.getTime() > now.getTime()) throw effectiveDateInFuture();
    await this.dataSource.transaction(async (manager) => {
      const body = await manager.findOne(GoverningBody, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!body) throw governingBodyNotFound(code);
      if (await this.writeDataSharing(manager, body, input, now)) await this.publishSnapshot(manager, code);
    });
    return this.getGoverningBody(code);
  }

  /**
   * Makes the stored body match a declaration (the seed file): creates or updates the body
   * and its agencies, and announces the body once, only if something changed, so seeding
   * twice is quiet. Agencies missing from the declaration are kept: documents refer to them.
   *
   * The declared data sharing is only the initial state of a new body. Afterwards the flag
   * belongs to the admin API: the seed runs at every rollout, and must never undo a
   * governing body's decision to connect or disconnect.
   */
  async declareGoverningBody(declaration: GoverningBodyDeclaration, now = new Date()): Promise<WriteOutcome> {
    assertAgencyCode(declaration.code);
    declaration.agencies.forEach((agency) => assertAgencyCode(agency.code));
    if (declaration.dataSharing.effectiveFrom.getTime() > now.getTime()) throw effectiveDateInFuture();
    return this.dataSource.transaction(async (manager) => {
      const bodyOutcome = await this.writeGoverningBody(manager, declaration.code, declaration, declaration.dataSharing);
      let changed = bodyOutcome !== 'unchanged';
      for (const agency of declaration.agencies) {
        const outcome = await this.writeAgency(manager, agency.code, { ...agency, governingBodyCode: declaration.code });
        changed = outcome !== 'unchanged' || changed;
      }
      if (changed) await this.publishSnapshot(manager, declaration.code);
      return bodyOutcome === 'created' ? 'created' : changed ? 'changed' : 'unchanged';
    });
  }

  /** Creates the availability topics of bodies about to be declared, in one round trip. */
  async ensureAvailabilityTopics(codes: readonly string[]): Promise<void> {
    const missing = codes.filter((code) => !this.topicsEnsured.has(code));
    if (missing.length === 0) return;
    const created = await ensureTopics(this.kafka, missing.map(availabilityTopicSpec));
    if (created.length > 0) this.logger.log(`Created ${created.join(', ')}`);
    missing.forEach((code) => this.topicsEnsured.add(code));
  }

  private async writeGoverningBody(manager: EntityManager, code: string, input: GoverningBodyInput, initialSharing: DataSharingInput): Promise<WriteOutcome> {
    let existing = await manager.findOne(GoverningBody, { where: { code }, lock: { mode: 'pessimistic_write' } });
    if (!existing) {
      // The topic exists before the body is committed, so no intake is ever told of a body
      // whose availability it cannot subscribe to.
      await this.ensureAvailabilityTopics([code]);
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(GoverningBody)
        .values({
          code,
          kind: input.kind,
          nameVi: input.nameVi,
          nameEn: input.nameEn,
          dataSharingConnected: initialSharing.connected,
          dataSharingEffectiveFrom: initialSharing.effectiveFrom ?? new Date(),
        })
        .orIgnore()
        .returning(['code'])
        .execute();
      if ((inserted.raw as unknown[]).length > 0) return 'created';
      // Created by a concurrent request since we looked: update it like any existing body.
      existing = await manager.findOneOrFail(GoverningBody, { where: { code }, lock: { mode: 'pessimistic_write' } });
    }
    if (existing.kind === input.kind && existing.nameVi === input.nameVi && existing.nameEn === input.nameEn) return 'unchanged';
    await manager.update(GoverningBody, { code }, { kind: input.kind, nameVi: input.nameVi, nameEn: input.nameEn });
    return 'changed';
  }

  private async writeAgency(manager: EntityManager, code: string, input: AgencyInput): Promise<WriteOutcome> {
    // Locks the body so a concurrent snapshot of it cannot miss this agency.
    const body = await manager.findOne(GoverningBody, { where: { code: input.governingBodyCode }, lock: { mode: 'pessimistic_read' } });
    if (!body) throw unknownGoverningBody(input.governingBodyCode);
    const values = { governingBodyCode: input.governingBodyCode, nameVi: input.nameVi, nameEn: input.nameEn, tier: input.tier };
    const inserted = await manager.createQueryBuilder().insert().into(Agency).values({ code, ...values }).orIgnore().returning(['code']).execute();
    if ((inserted.raw as unknown[]).length > 0) return 'created';
    const existing = await manager.findOneOrFail(Agency, { where: { code }, lock: { mode: 'pessimistic_write' } });
    // A move would strand the availability records of the documents it verified on the old
    // body's topic: the contract has no withdrawal reason for it yet.
    if (existing.governingBodyCode !== input.governingBodyCode) throw agencyMoveNotSupported(code, existing.governingBodyCode);
    if (existing.nameVi === input.nameVi && existing.nameEn === input.nameEn && existing.tier === input.tier) return 'unchanged';
    await manager.update(Agency, { code }, values);
    return 'changed';
  }

  /** `body` must be locked for update by the caller. */
  private async writeDataSharing(manager: EntityManager, body: GoverningBody, input: DataSharingInput, now: Date): Promise<boolean> {
    if (body.dataSharingConnected === input.connected && !input.effectiveFrom) return false;
    const effectiveFrom = input.effectiveFrom ?? now;
    if (body.dataSharingConnected === input.connected && body.dataSharingEffectiveFrom.getTime() === effectiveFrom.getTime()) return false;
    await manager.update(GoverningBody, { code: body.code }, { dataSharingConnected: input.connected, dataSharingEffectiveFrom: effectiveFrom });
    body.dataSharingConnected = input.connected;
    body.dataSharingEffectiveFrom = effectiveFrom;
    const republished = await this.availability.republishGoverningBody(manager, body, now);
    this.logger.log(`${body.code} data sharing ${input.connected ? 'connected' : 'disconnected'}; republished ${republished} availability records`);
    return true;
  }

  private async publishSnapshot(manager: EntityManager, code: string): Promise<void> {
    const body = await manager.findOneOrFail(GoverningBody, { where: { code } });
    const agencies = await manager.find(Agency, { where: { governingBodyCode: code }, order: { code: 'ASC' } });
    await this.outbox.append(
      manager,
      GoverningBodyChanged,
      Object.assign(new GoverningBodyChangedV1(), {
        code: body.code,
        kind: body.kind,
        nameVi: body.nameVi,
        nameEn: body.nameEn,
        dataSharingConnected: body.dataSharingConnected,
        dataSharingEffectiveFrom: body.dataSharingEffectiveFrom.toISOString(),
        agencies: agencies.map((agency) => Object.assign(new AgencySnapshot(), { code: agency.code, nameVi: agency.nameVi, nameEn: agency.nameEn })),
      }),
    );
  }
}

function toAgencyView(agency: Agency): AgencyView {
  return { code: agency.code, governingBodyCode: agency.governingBodyCode, nameVi: agency.nameVi, nameEn: agency.nameEn, tier: agency.tier };
}

function toBodyView(body: GoverningBody): GoverningBodyView {
  return {
    code: body.code,
    kind: body.kind,
    nameVi: body.nameVi,
    nameEn: body.nameEn,
    dataSharing: { connected: body.dataSharingConnected, effectiveFrom: body.dataSharingEffectiveFrom.toISOString() },
    agencies: (body.agencies ?? []).map(toAgencyView),
  };
}

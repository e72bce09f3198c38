import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Citizen } from './citizen.entity';

/** Maps personal identification numbers to the opaque references used everywhere else. */
@Injectable()
export class CitizensService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Race-safe: two first requests of one citizen at once both end with the same ref. The
   * loser of the insert waits for the winner's commit, then finds its row.
   */
  async resolveOrCreate(personalId: string, manager: EntityManager = this.dataSource.manager): Promise<{ citizenRef: string; created: boolean }> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(Citizen)
      .values({ personalId })
      .orIgnore()
      .returning(['ref'])
      .execute();
    const row = (inserted.raw as { ref: string }[])[0];
    if (row) return { citizenRef: row.ref, created: true };
    const existing = await manager.findOneOrFail(Citizen, { where: { personalId } });
    return { citizenRef: existing.ref, created: false };
  }

  /** Null for a citizen the vault has never seen: they own nothing here. */
  async findRef(personalId: string): Promise<string | null> {
    const citizen = await this.dataSource.manager.findOne(Citizen, { where: { personalId } });
    return citizen?.ref ?? null;
  }
}

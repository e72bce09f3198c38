import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';
import { AGENCY_CODE_PATTERN } from '@app/contracts';
import { readSeed, type Seeder } from '@app/platform';
import { AgencyContact } from './agency-contact.entity';
import { AgencyContactDto } from './dto/agency-contact.dto';

class SeedAgencyContact extends AgencyContactDto {
  @Matches(AGENCY_CODE_PATTERN)
  code!: string;
}

class SeedAgencyContacts {
  @IsOptional()
  @IsString()
  _note?: string;

  @ValidateNested({ each: true })
  @Type(() => SeedAgencyContact)
  agencies!: SeedAgencyContact[];
}

/** Agencies' notification addresses from `agency-contacts.json`, when the folder has one; idempotent. */
@Injectable()
export class AgencyContactsSeeder implements Seeder {
  constructor(private readonly dataSource: DataSource) {}

  async seed(folder: string): Promise<string> {
    const file = join(folder, 'agency-contacts.json');
    if (!existsSync(file)) return `no ${file}: agency addresses are set with PUT /agencies/:code/contact`;
    const { agencies } = await readSeed(file, SeedAgencyContacts);
    const now = new Date();
    await this.dataSource.manager.upsert(AgencyContact, agencies.map((agency) => ({ agencyCode: agency.code, email: agency.email.toLowerCase(), language: agency.language, updatedAt: now })), ['agencyCode']);
    return `${agencies.length} agency notification addresses`;
  }
}

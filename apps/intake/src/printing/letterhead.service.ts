import { Injectable } from '@nestjs/common';
import { placeOf } from '@app/pdf';
import { IntakeSettings } from '../intake-settings';
import { VaultClient } from '@app/vault-client';

/** The top of every document this desk prints: its governing body, its own name, and where it sits. */
export interface Letterhead {
  readonly superior: string;
  readonly name: string;
  readonly place: string;
}

/** Names come from the vault's directory, the one place they are kept, read with the caller's token. */
@Injectable()
export class Letterheads {
  constructor(
    private readonly settings: IntakeSettings,
    private readonly vault: VaultClient,
  ) {}

  async ofThisAgency(authorization: string): Promise<Letterhead> {
    const [agency, body] = await Promise.all([this.vault.agency(authorization, this.settings.agencyCode), this.vault.governingBody(authorization, this.settings.governingBodyCode)]);
    return { superior: body.nameVi.toUpperCase(), name: agency.nameVi.toUpperCase(), place: placeOf(body.nameVi) };
  }
}

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SIGNING_IDENTITY, type SigningIdentity } from '@app/messaging';
import { SigningKeysService } from './signing-keys.service';

/** Puts the vault's own public key in its directory before anything it publishes is consumed. */
@Injectable()
export class OwnKeyRegistration implements OnApplicationBootstrap {
  constructor(
    @Inject(SIGNING_IDENTITY) private readonly identity: SigningIdentity,
    private readonly keys: SigningKeysService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.registerOwn(this.identity.publicJwk());
  }
}

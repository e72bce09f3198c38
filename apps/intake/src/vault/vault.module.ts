import { Module } from '@nestjs/common';
import { IntakeSettings } from '../intake-settings';
import { VaultClient } from '@app/vault-client';

@Module({
  providers: [{ provide: VaultClient, inject: [IntakeSettings], useFactory: (settings: IntakeSettings) => new VaultClient(settings.vaultUrl) }],
  exports: [VaultClient],
})
export class VaultModule {}

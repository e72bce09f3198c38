import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { DocumentTypesModule } from '../document-types/document-types.module';
import { SigningKeysModule } from '../signing-keys/signing-keys.module';
import { VaultSeeder } from './vault.seeder';

@Module({
  imports: [DirectoryModule, DocumentTypesModule, SigningKeysModule],
  providers: [VaultSeeder],
})
export class SeedingModule {}

import { DocumentAvailability, DocumentProvided, DocumentReused, DocumentVerified, GoverningBodyChanged } from '@app/contracts';
import type { ServiceSpec } from '@app/platform';
import { AccessLogEntry } from './access-log/access-log-entry.entity';
import { AccessLogModule } from './access-log/access-log.module';
import { AvailabilityModule } from './availability/availability.module';
import { republishAvailabilityCommand } from './availability/republish-availability.command';
import { Citizen } from './citizens/citizen.entity';
import { CitizensModule } from './citizens/citizens.module';
import { Agency } from './directory/agency.entity';
import { DirectoryModule } from './directory/directory.module';
import { GoverningBody } from './directory/governing-body.entity';
import { DocumentType } from './document-types/document-type.entity';
import { DocumentTypesModule } from './document-types/document-types.module';
import { DocumentContent } from './documents/document-content.entity';
import { DocumentsModule } from './documents/documents.module';
import { StoredDocument } from './documents/stored-document.entity';
import { CreateDirectoryTables1764500000000 } from './migrations/1764500000000-create-directory-tables';
import { CreateDocumentTables1764500000001 } from './migrations/1764500000001-create-document-tables';
import { AddAvailabilityVersion1764700000000 } from './migrations/1764700000000-add-availability-version';
import { CreateSigningKeyTables1764710000000 } from './migrations/1764710000000-create-signing-key-tables';
import { CreateDocumentAttachmentTable1764710000001 } from './migrations/1764710000001-create-document-attachment-table';
import { DocumentAttachment } from './documents/document-attachment.entity';
import { SeedingModule } from './seeding/seeding.module';
import { DirectoryKeyResolver } from './signing-keys/directory-key.resolver';
import { SigningKey } from './signing-keys/signing-key.entity';
import { SigningKeysModule } from './signing-keys/signing-keys.module';
import { VerificationEvidence } from './signing-keys/verification-evidence.entity';
import { VaultSeeder } from './seeding/vault.seeder';
import { VaultConfigModule } from './vault-config.module';
import { VaultEnvironment } from './vault-environment';

export const vaultService: ServiceSpec<VaultEnvironment> = {
  title: 'Vault',
  description: 'Citizen identity and document vault: verified documents stored once, their validity, reuse scope, the agency directory and the access log.',
  environment: VaultEnvironment,
  infrastructure: (env) => ({
    env,
    name: 'vault',
    owner: 'vault',
    entities: [GoverningBody, Agency, DocumentType, Citizen, DocumentContent, StoredDocument, AccessLogEntry, SigningKey, VerificationEvidence, DocumentAttachment],
    migrations: [CreateDirectoryTables1764500000000, CreateDocumentTables1764500000001, AddAvailabilityVersion1764700000000, CreateSigningKeyTables1764710000000, CreateDocumentAttachmentTable1764710000001],
    events: [DocumentProvided, DocumentVerified, DocumentReused, DocumentAvailability, GoverningBodyChanged],
    subscriptions: ['intake.document-verified.v1', 'intake.document-reused.v1'],
    keyResolver: (dataSource) => new DirectoryKeyResolver(dataSource),
  }),
  features: (env) => [
    VaultConfigModule.forRoot(env),
    AvailabilityModule,
    DirectoryModule,
    SigningKeysModule,
    DocumentTypesModule,
    CitizensModule,
    AccessLogModule,
    DocumentsModule,
    SeedingModule,
  ],
  seeder: VaultSeeder,
  commands: [republishAvailabilityCommand],
};

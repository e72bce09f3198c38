import { Module } from '@nestjs/common';
import { VaultModule } from '../vault/vault.module';
import { Letterheads } from './letterhead.service';

@Module({
  imports: [VaultModule],
  providers: [Letterheads],
  exports: [Letterheads],
})
export class PrintingModule {}

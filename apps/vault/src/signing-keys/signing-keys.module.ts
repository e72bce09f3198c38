import { Module } from '@nestjs/common';
import { OwnKeyRegistration } from './own-key.registration';
import { SigningKeysController } from './signing-keys.controller';
import { SigningKeysService } from './signing-keys.service';

@Module({
  controllers: [SigningKeysController],
  providers: [SigningKeysService, OwnKeyRegistration],
  exports: [SigningKeysService],
})
export class SigningKeysModule {}

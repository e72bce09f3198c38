import { Global, Module, type DynamicModule } from '@nestjs/common';
import { VaultEnvironment } from './vault-environment';

/** Makes the validated environment injectable, so features read their settings from one place. */
@Global()
@Module({})
export class VaultConfigModule {
  static forRoot(env: VaultEnvironment): DynamicModule {
    return {
      module: VaultConfigModule,
      providers: [{ provide: VaultEnvironment, useValue: env }],
      exports: [VaultEnvironment],
    };
  }
}

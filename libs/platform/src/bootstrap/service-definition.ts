import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { ServiceEnvironment } from '../config/service-environment';
import { ServiceModule, type ServiceModuleOptions } from '../service.module';
import type { ServiceCommand } from './service-command';

/**
 * Everything the launcher, `main.ts` and the tests need to know about one service. Each
 * app exports exactly one of these; the platform decides how to start and migrate it.
 */
export interface ServiceSpec<E extends ServiceEnvironment = ServiceEnvironment> {
  readonly title: string;
  readonly description: string;
  readonly environment: new () => E;
  infrastructure(env: E): ServiceModuleOptions;
  features(env: E): (Type | DynamicModule)[];
  /** Loads reference data (the directory, procedures…) from a folder of seed files; idempotent. */
  readonly seeder?: Type<Seeder>;
  /** Operator commands besides serve, migrate and seed (the vault's republish-availability, say). */
  readonly commands?: readonly ServiceCommand[];
}

export interface Seeder {
  /** Returns one line saying what was loaded. */
  seed(folder: string): Promise<string>;
}

@Module({})
class ServiceRootModule {}

export function rootModule<E extends ServiceEnvironment>(spec: ServiceSpec<E>, env: E): DynamicModule {
  return { module: ServiceRootModule, imports: [ServiceModule.forRoot(spec.infrastructure(env)), ...spec.features(env)] };
}

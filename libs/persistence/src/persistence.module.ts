import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { postgresOptions, type DatabaseSettings } from './database-options';

@Module({})
export class PersistenceModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRoot({
          ...postgresOptions(settings),
          // A service that cannot reach its database exits at once with a clear line; the
          // orchestrator restarts it with backoff. Retrying silently here would only hide it.
          retryAttempts: 0,
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}

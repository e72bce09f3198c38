import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry } from './metrics-registry';
import { flushTraces } from './tracing';

/** Makes the service's metrics registry injectable everywhere (messaging, HTTP, database). */
@Global()
@Module({})
export class ObservabilityModule implements OnApplicationShutdown {
  static forRoot(service: string): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [{ provide: MetricsRegistry, useValue: new MetricsRegistry(service) }],
      exports: [MetricsRegistry],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await flushTraces();
  }
}

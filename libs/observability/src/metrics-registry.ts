import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One Prometheus registry per service instance, injected wherever something is counted. Not
 * prom-client's global registry: the tests run several services in one process, and each
 * must report only its own numbers. Every series carries the deployment's name as `service`.
 */
export class MetricsRegistry extends Registry {
  constructor(service: string) {
    super();
    this.setDefaultLabels({ service });
    // Process metrics: resident memory, CPU, event-loop lag, heap, handles.
    collectDefaultMetrics({ register: this });
  }
}

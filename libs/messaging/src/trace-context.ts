import { AsyncLocalStorage } from 'node:async_hooks';
import { isTraceparent } from '@app/contracts';

const storage = new AsyncLocalStorage<string>();

/**
 * The W3C traceparent of the work in progress: an HTTP request, or the event being handled.
 * Every event appended while it runs carries it, so one citizen's request can be followed
 * from the intake through the vault to every sibling agency's index.
 */
export const TraceContext = {
  run<T>(traceparent: string | undefined, work: () => T): T {
    return isTraceparent(traceparent) ? storage.run(traceparent, work) : work();
  },

  current(): string | undefined {
    return storage.getStore();
  },
};

import { Injectable } from '@nestjs/common';

/** One service-specific condition for serving traffic, beyond PostgreSQL and Kafka answering. */
export interface ReadinessVerdict {
  readonly ready: boolean;
  /** Shown under the check's key in `/health/ready`: what was found and, when not ready, what to do. */
  readonly details: Record<string, unknown>;
}

export type ReadinessCheck = () => Promise<ReadinessVerdict> | ReadinessVerdict;

/**
 * Where a service's own features add readiness checks: the platform's health controller asks
 * every registered check on each `/health/ready`, next to PostgreSQL and Kafka, so the
 * platform library never needs to know what a particular service checks. A check is asked
 * often (every probe), so it should answer from state it keeps rather than do slow work.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  /** `key` names the check in the readiness response; a second registration of a key is a wiring fault. */
  register(key: string, check: ReadinessCheck): void {
    if (['postgres', 'kafka'].includes(key) || this.checks.has(key)) throw new Error(`readiness check "${key}" is already registered`);
    this.checks.set(key, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks];
  }
}

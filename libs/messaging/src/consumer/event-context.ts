import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { CloudEventAttributes } from '@app/contracts';

export interface KafkaOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
}

/** What proves who produced the event: enough to verify it again later, anywhere. */
export interface SignedEvidence {
  readonly kid: string;
  /** The detached compact JWS from the `ce_signature` header. */
  readonly signature: string;
  /** The payload exactly as signed and received. */
  readonly payloadText: string;
}

type EventContextArgs = [CloudEventAttributes, EntityManager, KafkaOrigin, SignedEvidence];

/**
 * What an event handler gets besides the payload. `manager` is bound to the transaction
 * that also records the event in the inbox: a handler must write through it, so its
 * effects and the "already applied" mark commit or roll back together.
 */
export class EventContext extends BaseRpcContext<EventContextArgs> {
  get event(): CloudEventAttributes {
    return this.args[0];
  }

  get manager(): EntityManager {
    return this.args[1];
  }

  get origin(): KafkaOrigin {
    return this.args[2];
  }

  /** The signature checked before the handler was called. */
  get signed(): SignedEvidence {
    return this.args[3];
  }
}

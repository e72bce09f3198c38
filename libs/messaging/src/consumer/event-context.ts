import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { CloudEventAttributes } from '@app/contracts';

export interface KafkaOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
}

type EventContextArgs = [CloudEventAttributes, EntityManager, KafkaOrigin];

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
}

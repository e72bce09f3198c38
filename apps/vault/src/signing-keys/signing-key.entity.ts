import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JWK } from 'jose';

export const KEY_OWNER_KINDS = ['agency', 'service'] as const;
export type KeyOwnerKind = (typeof KEY_OWNER_KINDS)[number];

/** One public key a deployment signs its events with, and when it may be relied on. */
@Entity({ name: 'signing_key' })
export class SigningKey {
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  @Column({ name: 'owner_kind', type: 'text' })
  ownerKind!: KeyOwnerKind;

  /** An agency code (an intake's key) or a service name (`vault`, `payment`, `notification`). */
  @Column({ name: 'owner_code', type: 'text' })
  ownerCode!: string;

  @Column({ type: 'jsonb' })
  jwk!: JWK;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'timestamptz', nullable: true })
  notAfter!: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;
}

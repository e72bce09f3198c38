import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The only place a personal identification number is kept. Everything else, in the vault
 * and in every event, names the citizen by the opaque `ref`.
 */
@Entity({ name: 'citizen' })
export class Citizen {
  @PrimaryColumn({ type: 'uuid' })
  ref!: string;

  @Column({ name: 'personal_id', type: 'char', length: 12, unique: true })
  personalId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

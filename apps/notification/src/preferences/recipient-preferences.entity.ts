import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Language } from '../templates/template-definition';

/**
 * A citizen's contact details and choices, held here and nowhere else: events name the citizen
 * by the vault's opaque reference only, so no address ever travels on Kafka.
 */
@Entity('recipient_preferences')
export class RecipientPreferences {
  @PrimaryColumn({ name: 'citizen_ref', type: 'uuid' })
  citizenRef!: string;

  @Column({ type: 'text' })
  language!: Language;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ name: 'email_enabled', type: 'boolean' })
  emailEnabled!: boolean;

  @Column({ name: 'sms_enabled', type: 'boolean' })
  smsEnabled!: boolean;

  @Column({ name: 'in_app_enabled', type: 'boolean' })
  inAppEnabled!: boolean;

  /** Alerts that an agency reused one of the citizen's documents; theirs to switch off. */
  @Column({ name: 'access_alerts', type: 'boolean' })
  accessAlerts!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Someone who never set anything: Vietnamese, the inbox only (there is no address to use). */
export function defaultPreferences(citizenRef: string): RecipientPreferences {
  return Object.assign(new RecipientPreferences(), {
    citizenRef,
    language: 'vi',
    email: null,
    phone: null,
    emailEnabled: false,
    smsEnabled: false,
    inAppEnabled: true,
    accessAlerts: true,
    updatedAt: new Date(0),
  } satisfies RecipientPreferences);
}

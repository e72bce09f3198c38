import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnrecoverableEventError } from '@app/messaging';
import { AgencyContact } from '../agencies/agency-contact.entity';
import { AgencyName } from '../agencies/agency-name.entity';
import { NotificationSettings } from '../notification-settings';
import { defaultPreferences, RecipientPreferences } from '../preferences/recipient-preferences.entity';
import type { Language } from '../templates/template-definition';
import { TemplateRenderer, type RenderedMessage } from '../templates/template-renderer';
import type { TemplateKey } from '../templates/catalog';
import type { Channel, RecipientKind } from './message-status';
import { NotificationMessage } from './notification-message.entity';

/** Something that tells someone: an event (or a sweep's finding) turned into a template and its values. */
export interface Trigger {
  /** Unique per thing that happened: `event:<id>`, with a suffix when one event tells two things. */
  readonly key: string;
  readonly template: TemplateKey;
  readonly recipient: { readonly kind: 'citizen'; readonly citizenRef: string } | { readonly kind: 'agency'; readonly agencyCode: string };
  /** The agency the message speaks for, whose name it prints. */
  readonly agencyCode?: string;
  readonly dossierId?: string;
  readonly params: Record<string, unknown>;
  /** A document-access alert, which the citizen may have switched off. */
  readonly accessAlert?: boolean;
  /** When it happened: something older than STALE_AFTER_HOURS tells no one. */
  readonly occurredAt: Date;
}

interface Addressee {
  readonly kind: RecipientKind;
  readonly ref: string;
  readonly language: Language;
  readonly channels: readonly { readonly channel: Channel; readonly address: string | null }[];
  /** Why the addressee cannot be reached (an agency with no address): recorded, never silently dropped. */
  readonly unreachable?: string;
}

/**
 * Turns a trigger into one message per channel the recipient chose, rendered now and stored
 * in the caller's transaction (the consumer's, so the event and its messages commit together).
 * A redelivered trigger inserts nothing: the unique key is (trigger, channel, recipient). A
 * template that cannot be filled throws, so the event is dead-lettered rather than half-told.
 */
@Injectable()
export class NotificationPlanner {
  private readonly logger = new Logger(NotificationPlanner.name);

  constructor(
    private readonly settings: NotificationSettings,
    private readonly renderer: TemplateRenderer,
  ) {}

  async plan(manager: EntityManager, trigger: Trigger, now = new Date()): Promise<number> {
    if (now.getTime() - trigger.occurredAt.getTime() > this.settings.staleAfterMs) {
      this.logger.log(`Trigger ${trigger.key} (${trigger.template}) is from ${trigger.occurredAt.toISOString()}: too old to tell anyone`);
      return 0;
    }
    const addressee = await this.addressee(manager, trigger);
    if (!addressee) return 0;
    const params = { ...trigger.params, settingsLink: this.settings.link('/settings/notifications'), agencyName: await this.agencyName(manager, trigger.agencyCode, addressee.language) };
    let rendered: RenderedMessage;
    try {
      // Rendered even for an agency with no address yet, so an operator's retry has something to send.
      rendered = this.renderer.render(trigger.template, addressee.language, params);
    } catch (error) {
      // Nothing half-filled is sent: the event goes to the dead letters, to be replayed once the template or the event is fixed.
      throw new UnrecoverableEventError(`TEMPLATE_FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
    const failure = addressee.unreachable;
    const rows = addressee.channels.map(({ channel, address }) =>
      Object.assign(new NotificationMessage(), {
        id: randomUUID(),
        triggerKey: trigger.key,
        templateKey: trigger.template,
        templateVersion: rendered.version,
        language: addressee.language,
        recipientKind: addressee.kind,
        recipientRef: addressee.ref,
        channel,
        address,
        dossierId: trigger.dossierId ?? null,
        subject: rendered.subject,
        bodyText: channel === 'sms' ? rendered.sms : rendered.text,
        bodyHtml: channel === 'email' ? rendered.html : null,
        status: failure ? 'failed_permanently' : channel === 'in_app' ? 'delivered' : 'queued',
        lastError: failure ?? null,
        deliveryId: null,
        notBefore: now,
        createdAt: now,
        statusChangedAt: now,
        readAt: null,
      } satisfies NotificationMessage),
    );
    const result = await manager.createQueryBuilder().insert().into(NotificationMessage).values(rows).orIgnore().execute();
    return result.identifiers.filter(Boolean).length;
  }

  private async addressee(manager: EntityManager, trigger: Trigger): Promise<Addressee | undefined> {
    if (trigger.recipient.kind === 'agency') {
      const contact = await manager.findOneBy(AgencyContact, { agencyCode: trigger.recipient.agencyCode });
      if (!contact) return { kind: 'agency', ref: trigger.recipient.agencyCode, language: 'vi', channels: [{ channel: 'email', address: null }], unreachable: `NO_AGENCY_ADDRESS: agency ${trigger.recipient.agencyCode} has no notification address configured` };
      return { kind: 'agency', ref: contact.agencyCode, language: contact.language, channels: [{ channel: 'email', address: contact.email }] };
    }
    const citizenRef = trigger.recipient.citizenRef;
    const preferences = (await manager.findOneBy(RecipientPreferences, { citizenRef })) ?? defaultPreferences(citizenRef);
    if (trigger.accessAlert && !preferences.accessAlerts) return undefined;
    const channels: { channel: Channel; address: string | null }[] = [];
    if (preferences.inAppEnabled) channels.push({ channel: 'in_app', address: null });
    if (preferences.emailEnabled && preferences.email) channels.push({ channel: 'email', address: preferences.email });
    if (preferences.smsEnabled && preferences.phone && this.settings.sms.provider !== 'none') channels.push({ channel: 'sms', address: preferences.phone });
    // Everything switched off is the citizen's choice, not a failure.
    if (channels.length === 0) return undefined;
    return { kind: 'citizen', ref: citizenRef, language: preferences.language, channels };
  }

  private async agencyName(manager: EntityManager, agencyCode: string | undefined, language: Language): Promise<string> {
    if (!agencyCode) return '';
    const name = await manager.findOneBy(AgencyName, { agencyCode });
    return name ? (language === 'en' ? name.nameEn : name.nameVi) : agencyCode;
  }
}

import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { Delivery } from '../../delivery/delivery.entity';
import { NotificationSettings } from '../../notification-settings';
import { PermanentDeliveryError, TemporaryDeliveryError } from '../delivery-errors';
import type { SendOutcome } from '../sms/sms-provider';

/** nodemailer's codes for trouble on the way to the relay rather than a refusal by it. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * Email through the configured SMTP relay. The delivery's id is the Message-ID on every
 * attempt: SMTP has no transaction spanning the relay's "250 OK" and our record of it, so a
 * send repeated after a crash carries the same Message-ID and the receiving side can drop it.
 */
@Injectable()
export class SmtpEmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(private readonly settings: NotificationSettings) {
    const smtp = settings.smtp;
    this.transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: smtp.requireTls,
      ...(smtp.auth ? { auth: smtp.auth } : {}),
      // A connection per message costs a TCP and TLS handshake and an EHLO each: keep a few open.
      pool: true,
      maxConnections: smtp.maxConnections,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  messageIdOf(delivery: Pick<Delivery, 'id'>): string {
    return `<${delivery.id}@${this.settings.smtp.messageIdDomain}>`;
  }

  async send(delivery: Delivery): Promise<SendOutcome> {
    try {
      const info = await this.transport.sendMail({
        from: this.settings.smtp.from,
        to: delivery.address,
        subject: delivery.subject,
        text: delivery.bodyText,
        ...(delivery.bodyHtml ? { html: delivery.bodyHtml } : {}),
        messageId: this.messageIdOf(delivery),
        headers: { 'Content-Language': delivery.language, 'Auto-Submitted': 'auto-generated' },
      });
      return { status: 'sent', providerMessageId: info.messageId };
    } catch (error) {
      throw classifySmtpFailure(error);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

/** 4xx is "try later", 5xx is "never" (RFC 5321 §4.2.1); no answer at all is the network's fault, so later. */
export function classifySmtpFailure(error: unknown): TemporaryDeliveryError | PermanentDeliveryError {
  const { responseCode, code, response, message } = (error ?? {}) as { responseCode?: number; code?: string; response?: string; message?: string };
  const said = (response ?? message ?? String(error)).slice(0, 300);
  // A refused login is the deployment's to fix; the mail itself may well go later.
  if (code === 'EAUTH') return new TemporaryDeliveryError('SMTP_AUTH', `the relay refused our credentials: ${said}`);
  if (typeof responseCode === 'number' && responseCode >= 500) return new PermanentDeliveryError(`SMTP_${responseCode}`, said);
  if (typeof responseCode === 'number' && responseCode >= 400) return new TemporaryDeliveryError(`SMTP_${responseCode}`, said);
  if (code && CONNECTION_CODES.has(code)) return new TemporaryDeliveryError(`SMTP_${code}`, said);
  return new TemporaryDeliveryError('SMTP_UNKNOWN', said);
}

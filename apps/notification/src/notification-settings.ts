import { readFileSync } from 'node:fs';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NotificationEnvironment } from './notification-environment';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly requireTls: boolean;
  readonly auth: { readonly user: string; readonly pass: string } | undefined;
  readonly maxConnections: number;
  readonly from: string;
  readonly messageIdDomain: string;
}

export type SmsSettings =
  | { readonly provider: 'none' }
  | { readonly provider: 'sandbox'; readonly url: string; readonly apiKey: string }
  | { readonly provider: 'esms'; readonly apiKey: string; readonly secretKey: string; readonly brandname: string };

/** What the notification features need to know about the deployment they run in. */
export class NotificationSettings {
  constructor(
    readonly vaultUrl: string,
    readonly portalUrl: string,
    readonly smtp: SmtpSettings,
    readonly sms: SmsSettings,
    readonly dispatchIntervalMs: number,
    readonly rateLimit: { readonly count: number; readonly windowMs: number },
    readonly retry: { readonly baseMs: number; readonly maxAttempts: number; readonly leaseMs: number },
    readonly dueSoonHours: number,
    readonly staleAfterMs: number,
  ) {}

  static from(env: NotificationEnvironment, readSecret: (path: string) => string = (path) => readFileSync(path, 'utf8').trim()): NotificationSettings {
    const sms: SmsSettings =
      env.SMS_PROVIDER === 'sandbox'
        ? { provider: 'sandbox', url: env.SMS_SANDBOX_URL!.replace(/\/+$/, ''), apiKey: readSecret(env.SMS_SANDBOX_API_KEY_FILE!) }
        : env.SMS_PROVIDER === 'esms'
          ? { provider: 'esms', apiKey: readSecret(env.ESMS_API_KEY_FILE!), secretKey: readSecret(env.ESMS_SECRET_KEY_FILE!), brandname: env.ESMS_BRANDNAME! }
          : { provider: 'none' };
    return new NotificationSettings(
      env.VAULT_URL,
      env.PORTAL_URL.replace(/\/+$/, ''),
      {
        host: env.SMTP_HOST,
        port: env.SMTP_PORT,
        secure: env.SMTP_SECURE,
        requireTls: env.SMTP_REQUIRE_TLS,
        auth: env.SMTP_USER !== undefined ? { user: env.SMTP_USER, pass: readSecret(env.SMTP_PASSWORD_FILE!) } : undefined,
        maxConnections: env.SMTP_MAX_CONNECTIONS,
        from: env.MAIL_FROM,
        messageIdDomain: env.MESSAGE_ID_DOMAIN,
      },
      sms,
      env.DISPATCH_INTERVAL_MS,
      { count: env.RATE_LIMIT_COUNT, windowMs: env.RATE_LIMIT_WINDOW_MS },
      { baseMs: env.RETRY_BASE_MS, maxAttempts: env.MAX_ATTEMPTS, leaseMs: env.SEND_LEASE_MS },
      env.DUE_SOON_HOURS,
      env.STALE_AFTER_HOURS * 3_600_000,
    );
  }

  /** Portal pages the messages link to; the portal owns these paths. */
  link(path: string): string {
    return `${this.portalUrl}${path}`;
  }
}

@Global()
@Module({})
export class NotificationSettingsModule {
  static forRoot(env: NotificationEnvironment): DynamicModule {
    return { module: NotificationSettingsModule, providers: [{ provide: NotificationSettings, useValue: NotificationSettings.from(env) }], exports: [NotificationSettings] };
  }
}

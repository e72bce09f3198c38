import { Module } from '@nestjs/common';
import { NotificationSettings } from '../notification-settings';
import { SmtpEmailSender } from './email/smtp-email.sender';
import { EsmsSmsProvider } from './sms/esms.sms-provider';
import { SandboxSmsProvider } from './sms/sandbox.sms-provider';
import type { SmsProvider } from './sms/sms-provider';
import { SMS_PROVIDER } from './sms/sms-provider.token';

function smsProvider(settings: NotificationSettings): SmsProvider | null {
  const sms = settings.sms;
  switch (sms.provider) {
    case 'sandbox':
      return new SandboxSmsProvider(sms.url, sms.apiKey);
    case 'esms':
      return new EsmsSmsProvider({ apiKey: sms.apiKey, secretKey: sms.secretKey, brandname: sms.brandname });
    case 'none':
      return null;
  }
}

@Module({
  providers: [SmtpEmailSender, { provide: SMS_PROVIDER, inject: [NotificationSettings], useFactory: smsProvider }],
  exports: [SmtpEmailSender, SMS_PROVIDER],
})
export class ChannelsModule {}

import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '@app/platform';
import { NotificationErrorCode } from '../notification-error-code';
import { NotificationSettings } from '../notification-settings';
import type { PreferencesDto, PreferencesView } from './dto/preferences.dto';
import { defaultPreferences, RecipientPreferences } from './recipient-preferences.entity';

@Injectable()
export class PreferencesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: NotificationSettings,
  ) {}

  async get(citizenRef: string): Promise<PreferencesView> {
    return view((await this.dataSource.manager.findOneBy(RecipientPreferences, { citizenRef })) ?? defaultPreferences(citizenRef));
  }

  async replace(citizenRef: string, choice: PreferencesDto): Promise<PreferencesView> {
    const email = choice.email?.trim().toLowerCase() || null;
    const phone = choice.phone ?? null;
    if (choice.emailEnabled && !email) throw new ApiError(HttpStatus.BAD_REQUEST, NotificationErrorCode.EmailAddressRequired, 'Email notifications need an email address.');
    if (choice.smsEnabled && !phone) throw new ApiError(HttpStatus.BAD_REQUEST, NotificationErrorCode.PhoneNumberRequired, 'SMS notifications need a mobile number.');
    if (choice.smsEnabled && this.settings.sms.provider === 'none') throw new ApiError(HttpStatus.BAD_REQUEST, NotificationErrorCode.SmsUnavailable, 'This deployment sends no SMS; choose email or the inbox.');
    const preferences = Object.assign(new RecipientPreferences(), {
      citizenRef,
      language: choice.language,
      email,
      phone,
      emailEnabled: choice.emailEnabled,
      smsEnabled: choice.smsEnabled,
      inAppEnabled: choice.inAppEnabled,
      accessAlerts: choice.accessAlerts,
      updatedAt: new Date(),
    } satisfies RecipientPreferences);
    await this.dataSource.manager.save(preferences);
    return view(preferences);
  }
}

function view(preferences: RecipientPreferences): PreferencesView {
  const { language, email, phone, emailEnabled, smsEnabled, inAppEnabled, accessAlerts } = preferences;
  return { language, email, phone, emailEnabled, smsEnabled, inAppEnabled, accessAlerts };
}

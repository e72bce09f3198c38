import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PlatformApi, type Page } from '../api/platform-api';
import { ForRoles, sessionOf } from '../auth/roles.guard';
import type { PortalRequest } from '../auth/portal-request';
import { translator, type Translate } from '../i18n/messages';
import { AgencyDirectory } from './agency-directory';
import { sendFile } from './files';
import { noticeOf, redirectWithNotice, refusalMessage, refusalOrThrow, render } from './page';

interface Preferences {
  readonly language: 'vi' | 'en';
  readonly email: string | null;
  readonly phone: string | null;
  readonly emailEnabled: boolean;
  readonly smsEnabled: boolean;
  readonly inAppEnabled: boolean;
  readonly accessAlerts: boolean;
}

interface InboxMessage {
  readonly id: string;
  readonly dossierId: string | null;
  readonly subject: string;
  readonly text: string;
  readonly createdAt: string;
  readonly readAt: string | null;
}

/** What the state holds about the citizen, and what it tells them: documents, access log, inbox, preferences. */
@Controller()
@ForRoles('citizen')
export class CitizenRecordsController {
  constructor(
    private readonly api: PlatformApi,
    private readonly directory: AgencyDirectory,
  ) {}

  @Get('documents')
  async documents(@Req() request: PortalRequest, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const page = await this.api.call<Page<{ verifiedByAgencyCode: string | null }>>('GET', this.api.vault('/documents?limit=200'), { token: sessionOf(request).accessToken });
    const agencies = [...new Set(page.items.map((document) => document.verifiedByAgencyCode).filter((code): code is string => code !== null))];
    render(response, 'documents', t('nav.documents'), {
      documents: page.items,
      typeNames: await this.directory.documentTypeNames(),
      agencyNames: await this.directory.names(agencies),
    });
  }

  /** The file itself, from the vault, which checks it is this citizen's and logs the read. */
  @Get('documents/:id/content')
  async content(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    const file = await this.api.fetchFile(this.api.vault(`/documents/${id}/content`), sessionOf(request).accessToken);
    const extension = file.headers.get('content-type')?.includes('pdf') ? 'pdf' : file.headers.get('content-type')?.includes('png') ? 'png' : 'jpg';
    await sendFile(response, file, `${id}.${extension}`);
  }

  @Get('access-log')
  async accessLog(@Req() request: PortalRequest, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const token = sessionOf(request).accessToken;
    const [page, preferences] = await Promise.all([
      this.api.call<Page<unknown>>('GET', this.api.vault('/access-log?limit=100'), { token }),
      this.api.call<Preferences>('GET', this.api.notification('/me/preferences'), { token }),
    ]);
    render(response, 'access-log', t('nav.accessLog'), {
      entries: page.items,
      accessAlerts: preferences.accessAlerts,
      typeNames: await this.directory.documentTypeNames(),
      notice: noticeOf(request),
    });
  }

  /** The access alert switch: only that preference changes. */
  @Post('access-log/alerts')
  async accessAlerts(@Req() request: PortalRequest, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const token = sessionOf(request).accessToken;
    const current = await this.api.call<Preferences>('GET', this.api.notification('/me/preferences'), { token });
    await this.api.call('PUT', this.api.notification('/me/preferences'), { token, json: { ...editable(current), accessAlerts: isChecked(body.accessAlerts) } });
    redirectWithNotice(response, '/access-log', 'saved');
  }

  @Get('inbox')
  async inbox(@Req() request: PortalRequest, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const token = sessionOf(request).accessToken;
    const [page, unread] = await Promise.all([
      this.api.call<Page<InboxMessage>>('GET', this.api.notification('/me/messages?limit=100'), { token }),
      this.api.call<{ unread: number }>('GET', this.api.notification('/me/messages/unread-count'), { token }),
    ]);
    render(response, 'inbox', t('nav.inbox'), { messages: page.items, unread: unread.unread, notice: noticeOf(request) });
  }

  @Post('inbox/read-all')
  async readAll(@Req() request: PortalRequest, @Res() response: Response): Promise<void> {
    await this.api.call('POST', this.api.notification('/me/messages/read-all'), { token: sessionOf(request).accessToken, json: {} });
    redirectWithNotice(response, '/inbox', 'done');
  }

  @Post('inbox/:id/read')
  async read(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    await this.api.call('POST', this.api.notification(`/me/messages/${id}/read`), { token: sessionOf(request).accessToken, json: {} });
    redirectWithNotice(response, '/inbox', 'done');
  }

  @Get('settings/notifications')
  async preferences(@Req() request: PortalRequest, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const prefs = await this.api.call<Preferences>('GET', this.api.notification('/me/preferences'), { token: sessionOf(request).accessToken });
    render(response, 'preferences', t('nav.preferences'), { prefs, fieldErrors: {}, notice: noticeOf(request) });
  }

  @Post('settings/notifications')
  async savePreferences(@Req() request: PortalRequest, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const channels = new Set([body.channels].flat().filter((value): value is string => typeof value === 'string'));
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
    const prefs: Preferences = {
      language: body.language === 'en' ? 'en' : 'vi',
      email: text(body.email),
      phone: text(body.phone),
      inAppEnabled: channels.has('inApp'),
      emailEnabled: channels.has('email'),
      smsEnabled: channels.has('sms'),
      accessAlerts: channels.has('accessAlerts'),
    };
    try {
      await this.api.call('PUT', this.api.notification('/me/preferences'), { token: sessionOf(request).accessToken, json: prefs });
    } catch (error) {
      const refusal = refusalOrThrow(error);
      const fieldErrors = preferenceErrors(refusal.details?.problems, t);
      const errors = Object.keys(fieldErrors).length > 0 ? Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` })) : [{ text: refusalMessage(t, refusal), href: '#channels' }];
      return render(response, 'preferences', t('nav.preferences'), { prefs, errors, fieldErrors }, 400);
    }
    redirectWithNotice(response, '/settings/notifications', 'saved');
  }
}

/** The notification service's validation problems ("email must be an email address") on the fields they name. */
function preferenceErrors(problems: unknown, t: Translate): Record<string, string> {
  const list = Array.isArray(problems) ? problems.filter((problem): problem is string => typeof problem === 'string') : [];
  const errors: Record<string, string> = {};
  for (const field of ['email', 'phone'] as const) {
    if (list.some((problem) => problem.startsWith(`${field} `))) errors[field] = t(`preferences.${field}Invalid`);
  }
  return errors;
}

function editable(preferences: Preferences): Preferences {
  const { language, email, phone, emailEnabled, smsEnabled, inAppEnabled, accessAlerts } = preferences;
  return { language, email, phone, emailEnabled, smsEnabled, inAppEnabled, accessAlerts };
}

function isChecked(value: unknown): boolean {
  return value === 'true' || (Array.isArray(value) && value.includes('true'));
}

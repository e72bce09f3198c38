import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PlatformApi, type Page } from '../api/platform-api';
import { ForRoles, sessionOf } from '../auth/roles.guard';
import type { PortalRequest } from '../auth/portal-request';
import { translator } from '../i18n/messages';
import { noticeOf, redirectWithNotice, render } from './page';

interface GoverningBody {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly dataSharing: { readonly connected: boolean; readonly effectiveFrom: string };
  readonly agencies: { readonly code: string; readonly nameVi: string; readonly nameEn: string }[];
}

/** Platform admins: the directory, each governing body's data-sharing switch, the agencies' signing keys. */
@Controller('admin')
@ForRoles('admin')
export class AdminController {
  constructor(private readonly api: PlatformApi) {}

  @Get()
  async directory(@Req() request: PortalRequest, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const token = sessionOf(request).accessToken;
    const page = await this.api.call<Page<GoverningBody>>('GET', this.api.vault('/directory/governing-bodies?limit=200'), { token });
    const agencies = page.items.flatMap((body) => body.agencies.map((agency) => agency.code));
    const keys = Object.fromEntries(
      await Promise.all(
        agencies.map(async (code) => {
          const jwks = await this.api.call<{ keys: { kid?: string }[] }>('GET', this.api.vault(`/directory/agencies/${encodeURIComponent(code)}/jwks.json`)).catch(() => ({ keys: [] }));
          return [code, jwks.keys.map((key) => key.kid).filter(Boolean)] as const;
        }),
      ),
    );
    render(response, 'admin', t('admin.title'), { bodies: page.items, keys, notice: noticeOf(request) });
  }

  /** Connecting republishes every still-valid verified document of the body's agencies to all of them; disconnecting narrows them back. */
  @Post('governing-bodies/:code/data-sharing')
  async dataSharing(@Req() request: PortalRequest, @Param('code') code: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    await this.api.call('PUT', this.api.vault(`/directory/governing-bodies/${encodeURIComponent(code)}/data-sharing`), {
      token: sessionOf(request).accessToken,
      json: { connected: body.connected === 'true' },
    });
    redirectWithNotice(response, '/admin', 'switched');
  }
}

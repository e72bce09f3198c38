import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PlatformApi } from '../api/platform-api';
import { ServiceRefusal } from '../api/service-client';
import type { PortalRequest } from '../auth/portal-request';
import { translator } from '../i18n/messages';
import { formatDateTime } from '../i18n/formatting';
import { render } from './page';

interface Verification {
  readonly status: 'valid' | 'revoked';
  readonly title: string;
  readonly resultNumber: string;
  readonly issuer: { readonly name: string };
  readonly issuedAt: string;
  readonly sha256: string | null;
  readonly signatureProfile: string | null;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
}

const CODE = /^[A-Za-z0-9-]{4,64}$/;

/** The public check of an electronic result, the target of its QR code: no login. */
@Controller('verify')
export class VerifyController {
  constructor(private readonly api: PlatformApi) {}

  @Get()
  async form(@Req() request: PortalRequest, @Query('code') code: unknown, @Res() response: Response): Promise<void> {
    await this.show(request, response, typeof code === 'string' ? code.trim() : undefined);
  }

  @Get(':code')
  async byCode(@Req() request: PortalRequest, @Param('code') code: string, @Res() response: Response): Promise<void> {
    await this.show(request, response, code);
  }

  private async show(request: PortalRequest, response: Response, code: string | undefined): Promise<void> {
    const t = translator(request.portal.language);
    if (code === undefined || code === '') return render(response, 'verify', t('verify.title'), {});
    const verified = CODE.test(code) ? await this.find(code) : undefined;
    if (!verified) {
      const codeError = t('verify.notFound');
      return render(response, 'verify', t('verify.title'), { code, codeError, errors: [{ text: codeError, href: '#code' }] }, 404);
    }
    const rows = [
      ['verify.document', verified.title],
      ['verify.number', verified.resultNumber],
      ['verify.issuer', verified.issuer.name],
      ['verify.issuedAt', formatDateTime(verified.issuedAt)],
      ['verify.signature', verified.signatureProfile ?? '—'],
      ...(verified.sha256 ? [['verify.sha256', verified.sha256]] : []),
      ...(verified.revokedAt ? [['verify.revokedAt', `${formatDateTime(verified.revokedAt)} — ${verified.revocationReason ?? ''}`]] : []),
    ];
    render(response, 'verify', t('verify.title'), {
      code,
      verified: { valid: verified.status === 'valid' },
      verifiedRows: rows.map(([key, value]) => ({ key: { text: t(key) }, value: { text: value, classes: key === 'verify.sha256' ? 'portal-code' : '' } })),
    });
  }

  /** Codes are unique across agencies; the one intake that knows it answers. */
  private async find(code: string): Promise<Verification | undefined> {
    const answers = await Promise.all(
      this.api.intakes.agencies.map((agency) =>
        this.api.call<Verification>('GET', this.api.intake(agency, `/results/${encodeURIComponent(code)}`)).catch((error: unknown) => {
          if (error instanceof ServiceRefusal) return undefined;
          throw error;
        }),
      ),
    );
    return answers.find((answer) => answer !== undefined);
  }
}

import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PlatformApi } from '../api/platform-api';
import type { DossierView, ProcedureView } from '../api/views';
import { ForRoles, sessionOf } from '../auth/roles.guard';
import { PageNotFound, type PortalRequest } from '../auth/portal-request';
import { translator, type Translate } from '../i18n/messages';
import { formatVnd } from '../i18n/formatting';
import { AgencyDirectory } from './agency-directory';
import { formKeyOf, render } from './page';
import { sendFile } from './files';

/** Level 1 and 2: finding a procedure, reading it, printing its forms; and starting a dossier. */
@Controller()
export class CatalogController {
  constructor(
    private readonly api: PlatformApi,
    private readonly directory: AgencyDirectory,
  ) {}

  @Get()
  async home(@Req() request: PortalRequest, @Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const q = typeof query.q === 'string' ? query.q.normalize('NFC').trim() : '';
    const agency = typeof query.agency === 'string' ? query.agency : '';
    const level = typeof query.level === 'string' ? query.level : '';
    const all = await this.api.procedures();
    const names = await this.directory.names(this.api.intakes.agencies);
    const procedures = all.filter((p) => matches(p, q) && (!agency || p.agencyCode === agency) && (!level || String(p.information.level) === level));
    render(response, 'home', t('catalog.title'), {
      procedures,
      agencyNames: names,
      query: { q },
      agencyOptions: [{ value: '', text: t('catalog.anyAgency') }, ...this.api.intakes.agencies.map((code) => ({ value: code, text: names[code] ?? code, selected: code === agency }))],
      levelOptions: [{ value: '', text: t('catalog.anyLevel') }, ...[1, 2, 3, 4].map((n) => ({ value: String(n), text: t(`level.${n}`), selected: String(n) === level }))],
    });
  }

  @Get('procedures/:agency/:code')
  async procedure(@Req() request: PortalRequest, @Param('agency') agency: string, @Param('code') code: string, @Res() response: Response): Promise<void> {
    const procedure = await this.procedureOrNotFound(agency, code);
    const t = translator(request.portal.language);
    const names = await this.directory.names([agency]);
    render(response, 'procedure', procedure.information.nameVi, {
      procedure,
      agencyName: names[agency] ?? agency,
      feesHtml: feesHtml(procedure, t),
    });
  }

  /** The blank form to print (Level 2), as the intake draws it from the same schema. */
  @Get('procedures/:agency/:code/forms/:form.pdf')
  async form(@Param('agency') agency: string, @Param('code') code: string, @Param('form') form: string, @Res() response: Response): Promise<void> {
    if (!this.api.intakes.serves(agency)) throw new PageNotFound();
    await sendFile(response, await this.api.fetchFile(this.api.intake(agency, `/procedures/${encodeURIComponent(code)}/forms/${encodeURIComponent(form)}.pdf`)), `${form}.pdf`);
  }

  @Post('procedures/:agency/:code/dossiers')
  @ForRoles('citizen')
  async start(@Req() request: PortalRequest, @Param('agency') agency: string, @Param('code') code: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    if (!this.api.intakes.serves(agency)) throw new PageNotFound();
    const token = sessionOf(request).accessToken;
    const dossier = await this.api.act<DossierView>(this.api.intake(agency, '/dossiers'), { token, idempotencyKey: formKeyOf(body) }, { procedureCode: code });
    this.api.intakes.remember(dossier.id, agency);
    response.redirect(303, `/dossiers/${dossier.id}`);
  }

  private async procedureOrNotFound(agency: string, code: string): Promise<ProcedureView> {
    if (!this.api.intakes.serves(agency)) throw new PageNotFound();
    return this.api.procedure(agency, code);
  }
}

/** Accents and case aside: "ly lich" finds "Lý lịch tư pháp", as people type on a phone. */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

function matches(procedure: ProcedureView, q: string): boolean {
  if (!q) return true;
  const needle = searchable(q);
  const { nameVi, nameEn, nationalCode } = procedure.information;
  return [nameVi, nameEn, nationalCode, procedure.code].some((text) => searchable(text).includes(needle));
}

/** One line per fee; a fee per unit (per extra copy, say) says so. */
function feesHtml(procedure: ProcedureView, t: Translate): string {
  const fees = procedure.information.fees;
  if (fees.length === 0) return escapeHtml(t('procedure.noFee'));
  return fees
    .map((fee) => (fee.kind === 'fixed' ? `${escapeHtml(fee.nameVi)}: ${formatVnd(fee.amountVnd)}` : `${escapeHtml(fee.nameVi)}: ${formatVnd(fee.unitAmountVnd)} ${escapeHtml(t('procedure.perUnit'))}`))
    .join('<br>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

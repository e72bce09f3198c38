import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Principal } from '@app/platform';
import { PlatformApi } from '../api/platform-api';
import type { DossierView } from '../api/views';
import { ForRoles, sessionOf } from '../auth/roles.guard';
import { PageNotFound, type PortalRequest } from '../auth/portal-request';
import { translator } from '../i18n/messages';
import { formatDate, formatVnd } from '../i18n/formatting';
import { AgencyDirectory } from './agency-directory';
import { sendFile } from './files';
import { formKeyOf, noticeOf, redirectWithNotice, refusalMessage, refusalOrThrow, render } from './page';

const QUEUE_STATUSES = ['submitted', 'received', 'resubmitted', 'in_processing', 'awaiting_payment', 'approved', 'result_issued', 'supplement_requested'];

/** The intake's officer actions the review page offers, with what each sends. */
const ACTIONS: Record<string, (body: Record<string, unknown>) => object> = {
  receipt: () => ({}),
  refusal: (body) => ({ reason: text(body.reason) ?? '' }),
  processing: () => ({}),
  'payment-request': () => ({}),
  approval: () => ({}),
  rejection: (body) => ({ reason: text(body.reason) ?? '' }),
  result: (body) => ({ summary: text(body.summary) ?? '' }),
  delivery: () => ({}),
  'supplement-requests': (body) => ({ documentTypeCodes: [body.documentTypeCodes].flat().filter((code) => typeof code === 'string'), note: text(body.note) ?? '' }),
};

/** The one-stop desk of the officer's own agency: the queue, a dossier's review, each step of handling. */
@Controller('desk')
@ForRoles('officer')
export class DeskController {
  constructor(
    private readonly api: PlatformApi,
    private readonly directory: AgencyDirectory,
  ) {}

  @Get()
  async queue(@Req() request: PortalRequest, @Query('status') status: unknown, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const { agency, token } = this.officer(request);
    const chosen = typeof status === 'string' && QUEUE_STATUSES.includes(status) ? status : undefined;
    const [page, procedures, names] = await Promise.all([this.api.queue(agency, token, chosen), this.api.procedures(), this.directory.names([agency])]);
    render(response, 'desk', t('desk.title'), {
      items: page.items,
      agencyName: names[agency] ?? agency,
      procedureNames: Object.fromEntries(procedures.filter((p) => p.agencyCode === agency).map((p) => [p.code, p.information.nameVi])),
      statusOptions: [{ value: '', text: t('desk.allStatuses') }, ...QUEUE_STATUSES.map((value) => ({ value, text: t(`status.${value}`), selected: value === chosen }))],
    });
  }

  @Get('dossiers/:id')
  async review(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    await this.showReview(request, response, id, {});
  }

  /** A document attached to the dossier, read through the vault for this dossier (so the citizen's log says why). */
  @Get('dossiers/:id/documents/:documentId')
  async document(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Param('documentId', ParseUUIDPipe) documentId: string, @Res() response: Response): Promise<void> {
    const { token } = this.officer(request);
    const file = await this.api.fetchFile(this.api.vault(`/documents/${documentId}/content?dossierId=${id}`), token);
    await sendFile(response, file, `${documentId}.${file.headers.get('content-type')?.includes('pdf') ? 'pdf' : 'img'}`);
  }

  @Post('dossiers/:id/documents/:type/verification')
  async verify(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Param('type') type: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const { agency, token } = this.officer(request);
    const validUntil = text(body.validUntil);
    try {
      await this.api.act(this.api.intake(agency, `/dossiers/${id}/documents/${encodeURIComponent(type)}/verification`), { token, idempotencyKey: formKeyOf(body) }, validUntil ? { validUntil } : {});
    } catch (error) {
      const refusal = refusalOrThrow(error);
      return this.showReview(request, response, id, { key: `verify-${type}`, message: refusalMessage(translator(request.portal.language), refusal), href: `#validUntil-${type}` }, 400);
    }
    redirectWithNotice(response, `/desk/dossiers/${id}`, 'done');
  }

  /** The desk payment of a level 3 fee, recorded at the payment service against the dossier's order. */
  @Post('dossiers/:id/desk-payment')
  async deskPayment(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const { token } = this.officer(request);
    const orders = await this.api.call<{ items: { id: string }[] }>('GET', this.api.payment(`/orders?dossierId=${id}`), { token });
    if (!orders.items[0]) throw new PageNotFound();
    try {
      await this.api.act(this.api.payment(`/orders/${orders.items[0].id}/desk-payment`), { token, idempotencyKey: formKeyOf(body) }, { channel: 'in_person', receiptNumber: text(body.receiptNumber) ?? '' });
    } catch (error) {
      return this.showReview(request, response, id, { message: refusalMessage(translator(request.portal.language), refusalOrThrow(error)), href: '#receiptNumber' }, 400);
    }
    redirectWithNotice(response, `/desk/dossiers/${id}`, 'done');
  }

  @Post('dossiers/:id/:action')
  async act(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Param('action') action: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const build = ACTIONS[action];
    if (!build) throw new PageNotFound();
    const { agency, token } = this.officer(request);
    try {
      await this.api.act(this.api.intake(agency, `/dossiers/${id}/${action}`), { token, idempotencyKey: formKeyOf(body) }, build(body));
    } catch (error) {
      return this.showReview(request, response, id, { message: refusalMessage(translator(request.portal.language), refusalOrThrow(error)), href: '#action-error' }, 400);
    }
    redirectWithNotice(response, `/desk/dossiers/${id}`, 'done');
  }

  private officer(request: PortalRequest): { agency: string; token: string } {
    const session = sessionOf(request);
    const principal = session.principal as Extract<Principal, { role: 'officer' }>;
    if (!this.api.intakes.serves(principal.agencyCode)) throw new PageNotFound();
    return { agency: principal.agencyCode, token: session.accessToken };
  }

  private async showReview(request: PortalRequest, response: Response, id: string, problem: { key?: string; message?: string; href?: string }, status = 200): Promise<void> {
    const t = translator(request.portal.language);
    const { agency, token } = this.officer(request);
    const dossier = await this.api.call<DossierView>('GET', this.api.intake(agency, `/dossiers/${id}`), { token });
    const [procedure, names] = await Promise.all([this.api.procedure(agency, dossier.procedureCode), this.directory.names([agency])]);
    const documentNames = Object.fromEntries(procedure.information.components.map((component) => [component.documentTypeCode, component.nameVi]));
    const form = procedure.information.forms.find((candidate) => candidate.kind === 'application');
    const answers = Object.entries(dossier.formData ?? {}).map(([name, value]) => ({
      key: { text: form?.schema.properties?.[name]?.title ?? name },
      value: { text: typeof value === 'boolean' ? t(value ? 'common.yes' : 'common.no') : String(value) },
    }));
    const s = dossier.status;
    // A level 3 fee is paid at the desk against the order the payment service made for it (a moment after the request).
    const deskOrder = s === 'awaiting_payment' && dossier.level < 4 ? (await this.api.call<{ items: { id: string }[] }>('GET', this.api.payment(`/orders?dossierId=${id}`), { token })).items[0] : undefined;
    render(response, 'desk-dossier', procedure.information.nameVi, {
      dossier,
      procedureName: procedure.information.nameVi,
      agencyName: names[agency] ?? agency,
      documentNames,
      answers,
      summaryRows: [
        { key: { text: t('dossier.created') }, value: { text: formatDate(dossier.createdAt) } },
        ...(dossier.appointmentDate ? [{ key: { text: t('dossier.appointment') }, value: { text: formatDate(dossier.appointmentDate) } }] : []),
        ...(dossier.returnChannel ? [{ key: { text: t('dossier.returnChannel') }, value: { text: t(`channel.${dossier.returnChannel}`) } }] : []),
        ...(dossier.feeVnd !== null ? [{ key: { text: t('dossier.fee') }, value: { text: formatVnd(dossier.feeVnd) } }] : []),
      ],
      verifiable: ['submitted', 'resubmitted', 'received', 'in_processing'].includes(s),
      supplementOptions: procedure.information.components.map((component) => ({ value: component.documentTypeCode, text: component.nameVi })),
      can: {
        receive: s === 'submitted' || s === 'resubmitted',
        supplement: s === 'submitted' || s === 'received' || s === 'in_processing',
        process: s === 'received' || s === 'resubmitted',
        requestPayment: s === 'in_processing' && (dossier.feeVnd ?? 0) > 0 && dossier.paidAt === null,
        deskPayment: deskOrder !== undefined,
        approve: s === 'in_processing',
        issue: s === 'approved',
        deliver: s === 'result_issued' && dossier.returnChannel !== 'online',
      },
      actionErrors: problem.key && problem.message ? { [problem.key]: problem.message } : {},
      actionError: problem.key ? undefined : problem.message,
      errors: problem.message ? [{ text: problem.message, href: problem.href ?? '#action-error' }] : undefined,
      notice: noticeOf(request),
    }, status);
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.normalize('NFC').trim() : undefined;
}

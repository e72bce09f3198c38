import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UploadedFile } from '@nestjs/common';
import type { Response } from 'express';
import { PlatformApi } from '../api/platform-api';
import type { DossierView, FormTemplate, ProcedureView, ResultView, TransitionView } from '../api/views';
import { ForRoles, sessionOf } from '../auth/roles.guard';
import type { PortalRequest } from '../auth/portal-request';
import { translator, type Translate } from '../i18n/messages';
import { formatDate, formatVnd } from '../i18n/formatting';
import { AgencyDirectory } from './agency-directory';
import { answersFromForm, eformFields } from './eform';
import { sendFile } from './files';
import { fieldErrorsOf, formKeyOf, noticeOf, redirectWithNotice, refusalMessage, refusalOrThrow, render, type ErrorItem } from './page';

const EDITABLE = new Set(['draft', 'supplement_requested']);
const WITH_RESULT = new Set(['result_issued', 'result_delivered']);

interface DossierPageProblems {
  readonly errors?: ErrorItem[];
  readonly formErrors?: ReadonlyMap<string, string>;
  readonly formAnswers?: Record<string, string | number | boolean>;
  readonly uploadErrors?: Record<string, string>;
  readonly submitError?: string;
}

/** A citizen's dossiers: follow, complete, submit, answer a supplement request, pay, rate. */
@Controller('dossiers')
@ForRoles('citizen')
export class CitizenDossiersController {
  constructor(
    private readonly api: PlatformApi,
    private readonly directory: AgencyDirectory,
  ) {}

  @Get()
  async list(@Req() request: PortalRequest, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const dossiers = await this.api.dossiersOf(sessionOf(request).accessToken);
    const procedures = await this.api.procedures();
    render(response, 'dossiers', t('nav.dossiers'), {
      dossiers,
      agencyNames: await this.directory.names(this.api.intakes.agencies),
      procedureNames: Object.fromEntries(procedures.map((p) => [`${p.agencyCode}/${p.code}`, request.portal.language === 'vi' ? p.information.nameVi : p.information.nameEn])),
    });
  }

  @Get(':id')
  async show(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    await this.showDossier(request, response, id, {});
  }

  @Post(':id/form')
  async saveForm(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const token = sessionOf(request).accessToken;
    const { agency, dossier } = await this.api.findDossier(id, token);
    const form = applicationForm(await this.api.procedure(agency, dossier.procedureCode));
    if (!form) return redirectWithNotice(response, `/dossiers/${id}`);
    const answers = answersFromForm(form, body);
    try {
      await this.api.call('PUT', this.api.intake(agency, `/dossiers/${id}/form`), { token, json: answers });
    } catch (error) {
      const refusal = refusalOrThrow(error);
      const { map, summary } = fieldErrorsOf(refusal, (field) => form.schema.properties?.[field]?.title);
      const errors = summary.length > 0 ? summary : [{ text: refusalMessage(translator(request.portal.language), refusal), href: '#eform' }];
      return this.showDossier(request, response, id, { errors, formErrors: map, formAnswers: answers }, 400);
    }
    redirectWithNotice(response, `/dossiers/${id}#submit`, 'saved');
  }

  /** Parsed by multer before the guards (PortalModule), so the CSRF guard has read its token. */
  @Post(':id/documents')
  async upload(
    @Req() request: PortalRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const t = translator(request.portal.language);
    const token = sessionOf(request).accessToken;
    const type = typeof body.documentTypeCode === 'string' ? body.documentTypeCode : '';
    const problem = (text: string) => this.showDossier(request, response, id, { errors: [{ text, href: `#file-${type}` }], uploadErrors: { [type]: text } }, 400);
    if (!file || file.size === 0) return problem(t('dossier.chooseFile'));
    const { agency } = await this.api.findDossier(id, token);
    const form = new FormData();
    form.append('documentTypeCode', type);
    form.append('file', new Blob([new Uint8Array(file.buffer)], { type: file.mimetype }), file.originalname);
    try {
      await this.api.call('POST', this.api.intake(agency, `/dossiers/${id}/documents`), { token, form, ...(formKeyOf(body) ? { idempotencyKey: formKeyOf(body) } : {}) });
    } catch (error) {
      return problem(refusalMessage(translator(request.portal.language), refusalOrThrow(error)));
    }
    redirectWithNotice(response, `/dossiers/${id}#documents`, 'uploaded');
  }

  @Post(':id/submit')
  async submit(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const channel = body.returnChannel;
    if (channel !== 'online' && channel !== 'in_person' && channel !== 'post') {
      return this.showDossier(request, response, id, { errors: [{ text: t('dossier.chooseReturn'), href: '#returnChannel' }], submitError: t('dossier.chooseReturn') }, 400);
    }
    await this.act(request, response, id, 'submit', { returnChannel: channel }, formKeyOf(body), 'submitted');
  }

  @Post(':id/resubmission')
  async resubmit(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    await this.act(request, response, id, 'resubmission', {}, formKeyOf(body), 'resubmitted');
  }

  @Get(':id/rating')
  async ratingPage(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const { dossier } = await this.api.findDossier(id, sessionOf(request).accessToken);
    render(response, 'rating', t('rating.title'), { dossier, fieldErrors: {} });
  }

  @Post(':id/rating')
  async rate(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const token = sessionOf(request).accessToken;
    const { agency, dossier } = await this.api.findDossier(id, token);
    const comment = typeof body.comment === 'string' && body.comment.trim() ? body.comment : undefined;
    const refuse = (field: string, text: string) =>
      render(response, 'rating', t('rating.title'), { dossier, errors: [{ text, href: `#${field}` }], fieldErrors: { [field]: text } }, 400);
    if (typeof body.satisfaction !== 'string') return refuse('satisfaction', t('rating.choose'));
    try {
      await this.api.act(this.api.intake(agency, `/dossiers/${id}/rating`), { token, idempotencyKey: formKeyOf(body) }, { satisfaction: body.satisfaction, ...(comment ? { comment } : {}) });
    } catch (error) {
      const refusal = refusalOrThrow(error);
      return refuse(refusal.fieldErrors[0]?.field === 'comment' ? 'comment' : 'satisfaction', refusalMessage(translator(request.portal.language), refusal));
    }
    redirectWithNotice(response, `/dossiers/${id}`, 'rated');
  }

  private async act(request: PortalRequest, response: Response, id: string, action: string, json: object, idempotencyKey: string | undefined, notice: string): Promise<void> {
    const token = sessionOf(request).accessToken;
    const { agency } = await this.api.findDossier(id, token);
    try {
      await this.api.act(this.api.intake(agency, `/dossiers/${id}/${action}`), { token, idempotencyKey }, json);
    } catch (error) {
      const refusal = refusalOrThrow(error);
      return this.showDossier(request, response, id, { errors: [{ text: refusalMessage(translator(request.portal.language), refusal), href: '#submit' }], submitError: refusalMessage(translator(request.portal.language), refusal) }, 400);
    }
    redirectWithNotice(response, `/dossiers/${id}`, notice);
  }

  private async showDossier(request: PortalRequest, response: Response, id: string, problems: DossierPageProblems, status = 200): Promise<void> {
    const language = request.portal.language;
    const t = translator(language);
    const token = sessionOf(request).accessToken;
    const { agency, dossier } = await this.api.findDossier(id, token);
    const [procedure, history, result, agencyNames] = await Promise.all([
      this.api.procedure(agency, dossier.procedureCode),
      this.api.call<TransitionView[]>('GET', this.api.intake(agency, `/dossiers/${id}/history`), { token }),
      WITH_RESULT.has(dossier.status) ? this.api.call<ResultView>('GET', this.api.intake(agency, `/dossiers/${id}/result`), { token }).catch(() => undefined) : undefined,
      this.directory.names([agency]),
    ]);
    const form = applicationForm(procedure);
    const documentNames = Object.fromEntries(procedure.information.components.map((component) => [component.documentTypeCode, component.nameVi]));
    const openSupplement = dossier.supplementRequests.find((request) => request.resolvedAt === null);
    // A supplement names what to add; what is attached already (a scan to redo is re-checked at the desk) is not uploaded twice.
    const attached = new Set(dossier.documents.map((document) => document.documentTypeCode));
    const uploadTypes = dossier.status === 'supplement_requested' && openSupplement ? openSupplement.documentTypeCodes.filter((type) => !attached.has(type)) : dossier.stillRequired;
    render(response, 'dossier', language === 'vi' ? procedure.information.nameVi : procedure.information.nameEn, {
      dossier,
      agencyName: agencyNames[agency] ?? agency,
      procedureName: language === 'vi' ? procedure.information.nameVi : procedure.information.nameEn,
      summaryRows: summaryRows(dossier, t),
      editable: EDITABLE.has(dossier.status),
      openSupplement,
      documentNames,
      uploaded: dossier.documents.filter((document) => document.source !== 'reused' && !dossier.reused.some((reused) => reused.documentId === document.documentId)),
      uploadTypes,
      uploadErrors: problems.uploadErrors ?? {},
      eform: form && dossier.status === 'draft' ? { title: form.titleVi, fields: eformFields(form, problems.formAnswers ?? dossier.formData, problems.formErrors ?? new Map()) } : undefined,
      returnOptions: procedure.information.returning.map((channel) => ({ value: channel, text: t(`channel.${channel}`), checked: dossier.returnChannel === channel })),
      submitError: problems.submitError,
      result,
      canRate: dossier.status === 'result_delivered' && dossier.level >= 3,
      history,
      errors: problems.errors,
      notice: noticeOf(request),
    }, status);
  }

  @Get(':id/payment')
  async paymentPage(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    await this.showPayment(request, response, id, {});
  }

  /** Starts the gateway's checkout, then shows one link to it (see payment.njk: why not a redirect). */
  @Post(':id/payment')
  async pay(@Req() request: PortalRequest, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const token = sessionOf(request).accessToken;
    const order = await this.orderOf(id, token);
    if (typeof body.gateway !== 'string' || !order) return this.showPayment(request, response, id, { gatewayError: t('payment.chooseGateway') }, 400);
    try {
      const answer = await this.api.act<Checkout>(this.api.payment(`/orders/${order.id}/checkout`), { token, idempotencyKey: formKeyOf(body) }, { gateway: body.gateway });
      await this.showPayment(request, response, id, 'redirectUrl' in answer ? { continueUrl: answer.redirectUrl } : { transfer: answer });
    } catch (error) {
      await this.showPayment(request, response, id, { gatewayError: refusalMessage(translator(request.portal.language), refusalOrThrow(error)) }, 400);
    }
  }

  private async showPayment(request: PortalRequest, response: Response, id: string, extra: { continueUrl?: string; transfer?: Checkout; gatewayError?: string }, status = 200): Promise<void> {
    const t = translator(request.portal.language);
    const token = sessionOf(request).accessToken;
    const { dossier } = await this.api.findDossier(id, token);
    const order = await this.orderOf(id, token);
    const gateways = await this.api.call<{ items: { name: string; on: boolean }[] }>('GET', this.api.payment('/gateways'), { token });
    const on = gateways.items.filter((gateway) => gateway.on);
    render(response, 'payment', t('payment.title'), {
      dossier,
      order,
      paid: order !== undefined && ['paid', 'partly_refunded', 'refunded'].includes(order.status),
      returned: request.query.returned !== undefined,
      gatewayOptions: on.map((gateway, index) => ({ value: gateway.name, text: t(`gateway.${gateway.name}`), checked: index === 0 && on.length === 1 })),
      ...extra,
      errors: extra.gatewayError ? [{ text: extra.gatewayError, href: '#gateway' }] : undefined,
    }, status);
  }

  private async orderOf(dossierId: string, token: string): Promise<{ id: string; amountVnd: number; status: string } | undefined> {
    const page = await this.api.call<{ items: { id: string; amountVnd: number; status: string }[] }>('GET', this.api.payment(`/orders?dossierId=${dossierId}`), { token });
    return page.items[0];
  }
}

/** What a checkout answers: where to send the browser, or (VietQR) the transfer to make. */
type Checkout = { readonly redirectUrl: string } | { readonly qrPngDataUrl: string; readonly bank: { bin: string; account: string; name: string }; readonly amountVnd: number; readonly reference: string };

/** The electronic receipt of a paid fee, as the payment service issued it. */
@Controller('payments')
@ForRoles('citizen')
export class ReceiptsController {
  constructor(private readonly api: PlatformApi) {}

  @Get(':orderId/receipt.pdf')
  async receipt(@Req() request: PortalRequest, @Param('orderId', ParseUUIDPipe) orderId: string, @Res() response: Response): Promise<void> {
    await sendFile(response, await this.api.fetchFile(this.api.payment(`/orders/${orderId}/receipt.pdf`), sessionOf(request).accessToken), `bien-lai-${orderId}.pdf`);
  }
}

export function applicationForm(procedure: ProcedureView): FormTemplate | undefined {
  return procedure.information.forms.find((form) => form.kind === 'application');
}

function summaryRows(dossier: DossierView, t: Translate): { key: { text: string }; value: { text: string } }[] {
  const rows: [string, string | null][] = [
    ['dossier.code', dossier.dossierCode],
    ['dossier.created', formatDate(dossier.createdAt)],
    ['dossier.submitted', dossier.submittedAt ? formatDate(dossier.submittedAt) : null],
    ['dossier.appointment', dossier.appointmentDate ? formatDate(dossier.appointmentDate) : null],
    ['dossier.returnChannel', dossier.returnChannel ? t(`channel.${dossier.returnChannel}`) : null],
    ['dossier.fee', dossier.feeVnd === null ? null : `${formatVnd(dossier.feeVnd)}${dossier.paidAt ? ` — ${t('dossier.paidOn', { date: formatDate(dossier.paidAt) })}` : ''}`],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== null).map(([key, value]) => ({ key: { text: t(key) }, value: { text: value } }));
}


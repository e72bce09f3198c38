import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { renderPdf, type PrintDocument } from '@app/pdf';
import { ApiError, type Principal } from '@app/platform';
import { vietnamDate } from '../calendar/working-calendar';
import { DossierDocument } from '../dossiers/dossier-document.entity';
import type { Dossier } from '../dossiers/dossier.entity';
import { DossierService } from '../dossiers/dossier.service';
import { SupplementRequest } from '../dossiers/supplement-request.entity';
import { DossierApology } from '../lifecycle/dossier-apology.entity';
import { DossierTransition } from '../lifecycle/dossier-transition.entity';
import { LifecycleErrorCode } from '../lifecycle/lifecycle-error-code';
import { Letterheads } from '../printing/letterhead.service';
import { ProcedureCatalog } from '../procedures/procedure-catalog.service';
import { apologySlip, receiptSlip, refusalSlip, supplementSlip, type SlipDossier, type SlipKind } from './slip-documents';

export interface RenderedSlip {
  readonly pdf: Buffer;
  readonly fileName: string;
}

/**
 * The slips of the one-stop desk, printed on demand from what the dossier recorded: the same
 * dossier always gives the same slip, and nothing is stored twice. A slip exists only once its
 * step has happened (no receipt before reception).
 */
@Injectable()
export class Slips {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProcedureCatalog,
    private readonly letterheads: Letterheads,
    private readonly dossiers: DossierService,
  ) {}

  async render(principal: Principal, authorization: string, id: string, kind: SlipKind): Promise<RenderedSlip> {
    const manager = this.dataSource.manager;
    const dossier = await this.dossiers.readable(manager, principal, id);
    const { information } = await this.catalog.published(dossier.procedureCode, dossier.procedureVersion, manager);
    const slipDossier: SlipDossier = { dossierCode: dossier.dossierCode, procedureNameVi: information.nameVi, personalId: dossier.citizenPersonalId, submittedAt: dossier.submittedAt?.toISOString() ?? null };
    const notIssued = (what: string) => new ApiError(HttpStatus.CONFLICT, LifecycleErrorCode.SlipNotIssued, `Dossier ${id} has no ${what} slip: ${what === 'receipt' ? 'it has not been received' : `no ${what} was issued`}.`);

    const document = async (): Promise<PrintDocument> => {
      const letterhead = await this.letterheads.ofThisAgency(authorization);
      switch (kind) {
        case 'receipt': {
          if (!hasCode(dossier)) throw notIssued('receipt');
          const names = new Map(information.components.map((component) => [component.documentTypeCode, component.nameVi]));
          const documents = await manager.find(DossierDocument, { where: { dossierId: id }, order: { attachedAt: 'ASC' } });
          const components = documents.map((document) => ({
            name: names.get(document.documentTypeCode) ?? document.documentTypeCode,
            source: document.source === 'reused' ? 'Khai thác từ kho dữ liệu (không phải nộp lại)' : 'Bản điện tử',
          }));
          return receiptSlip(letterhead, slipDossier as SlipDossier & { dossierCode: string }, {
            receivedOn: vietnamDate(dossier.receivedAt!),
            appointmentDate: dossier.appointmentDate!,
            components,
            feeVnd: dossier.feeVnd,
            returnChannel: dossier.returnChannel,
          });
        }
        case 'supplement': {
          const request = await manager.findOne(SupplementRequest, { where: { dossierId: id }, order: { requestedAt: 'DESC' } });
          if (!request) throw notIssued('supplement');
          const names = new Map(information.components.map((component) => [component.documentTypeCode, component.nameVi]));
          return supplementSlip(letterhead, slipDossier, { requestedOn: vietnamDate(request.requestedAt), items: request.documentTypeCodes.map((type) => names.get(type) ?? type), note: request.note });
        }
        case 'refusal': {
          const refusal = await manager.findOne(DossierTransition, { where: { dossierId: id, toStatus: 'refused' } });
          if (!refusal) throw notIssued('refusal');
          return refusalSlip(letterhead, slipDossier, { refusedOn: vietnamDate(refusal.at), reason: refusal.reason ?? '' });
        }
        case 'apology': {
          const apology = await manager.findOne(DossierApology, { where: { dossierId: id }, order: { issuedAt: 'DESC' } });
          if (!apology || !hasCode(dossier)) throw notIssued('apology');
          return apologySlip(letterhead, slipDossier as SlipDossier & { dossierCode: string }, { ...apology, issuedOn: vietnamDate(apology.issuedAt) });
        }
      }
    };
    return { pdf: await renderPdf(await document()), fileName: `${kind}-${dossier.dossierCode ?? dossier.id}.pdf` };
  }
}

function hasCode(dossier: Dossier): boolean {
  return dossier.dossierCode !== null && dossier.receivedAt !== null && dossier.appointmentDate !== null;
}

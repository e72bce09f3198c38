import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, type Principal } from '@app/platform';
import { asOfficerOf, dossierNotFound } from '../dossiers/dossier-access';
import { Dossier } from '../dossiers/dossier.entity';
import { IntakeSettings } from '../intake-settings';
import { ProcedureCatalog } from '../procedures/procedure-catalog.service';
import type { FormAnswers, FormTemplate } from '../procedures/procedure-information';
import { applicationForm } from '../procedures/procedure-rules';
import type { PublishedProcedure } from '../procedures/procedure.view';
import { FormErrorCode } from './form-error-code';
import { formToPrint } from './form-print';
import { FormPrefill } from './form-prefill.service';
import { renderPdf } from '@app/pdf';

/** Printable forms (L2 and up): blank, prefilled for a signed-in citizen, or filled from a dossier. */
@Injectable()
export class PrintedForms {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
    private readonly catalog: ProcedureCatalog,
    private readonly prefill: FormPrefill,
  ) {}

  /** A form of the latest version: blank, or prefilled for the citizen with this personal id. */
  async procedureForm(procedure: PublishedProcedure, formCode: string, personalId?: string): Promise<Buffer> {
    const form = formOf(procedure, formCode);
    const answers = personalId ? await this.prefill.forCitizen(personalId, procedure, form) : undefined;
    return renderPdf(formToPrint(procedure, form, { ...(answers ? { answers } : {}), issuedAt: new Date() }));
  }

  /** A form of the version the dossier was filed under, with the dossier's answers; its owner's or this agency's officers'. */
  async dossierForm(principal: Principal, id: string, formCode: string): Promise<Buffer> {
    const dossier = await this.readable(principal, id);
    const procedure = await this.catalog.published(dossier.procedureCode, dossier.procedureVersion);
    const form = formOf(procedure, formCode);
    const answers: FormAnswers = form.code === applicationForm(procedure.information)?.code ? (dossier.formData ?? {}) : {};
    return renderPdf(formToPrint(procedure, form, { answers, issuedAt: new Date(), ...(dossier.dossierCode ? { dossierCode: dossier.dossierCode } : {}) }));
  }

  /** Someone else's dossier is missing, not forbidden, as everywhere on this desk. */
  private async readable(principal: Principal, id: string): Promise<Dossier> {
    if (principal.role === 'officer') asOfficerOf(principal, this.settings.agencyCode);
    const where = principal.role === 'citizen' ? { id, citizenPersonalId: principal.personalId } : { id };
    const dossier = principal.role === 'admin' ? null : await this.dataSource.manager.findOne(Dossier, { where });
    if (!dossier) throw dossierNotFound(id);
    return dossier;
  }
}

function formOf(procedure: PublishedProcedure, formCode: string): FormTemplate {
  const form = procedure.information.forms.find((candidate) => candidate.code === formCode);
  if (!form) {
    throw new ApiError(HttpStatus.NOT_FOUND, FormErrorCode.FormNotFound, `Version ${procedure.version} of procedure ${procedure.code} has no form ${formCode}.`);
  }
  return form;
}

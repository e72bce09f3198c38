import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { Dossier } from '../dossiers/dossier.entity';
import type { FormAnswers, FormTemplate } from '../procedures/procedure-information';
import { applicationForm } from '../procedures/procedure-rules';
import type { PublishedProcedure } from '../procedures/procedure.view';

/** The field every form names the applicant's personal identification number by; printing fills it from the token. */
export const PERSONAL_ID_FIELD = 'personalId';

/**
 * What a signed-in citizen already told this desk, to print before any dossier: their
 * personal id (from their token, never from a request), and their answers to the same
 * procedure's application form in their latest dossier here. Answers to fields the current
 * form no longer has are dropped.
 */
@Injectable()
export class FormPrefill {
  constructor(private readonly dataSource: DataSource) {}

  async forCitizen(personalId: string, procedure: PublishedProcedure, form: FormTemplate): Promise<FormAnswers> {
    const fields = fieldNames(form);
    const answers: FormAnswers = {};
    if (form.code === applicationForm(procedure.information)?.code) {
      const latest = await this.dataSource.manager.findOne(Dossier, {
        where: { citizenPersonalId: personalId, procedureCode: procedure.code, formData: Not(IsNull()) },
        order: { createdAt: 'DESC', id: 'DESC' },
      });
      for (const [name, value] of Object.entries(latest?.formData ?? {})) if (fields.has(name)) answers[name] = value;
    }
    if (fields.has(PERSONAL_ID_FIELD)) answers[PERSONAL_ID_FIELD] = personalId;
    return answers;
  }
}

function fieldNames(form: FormTemplate): Set<string> {
  const properties = form.schema.properties;
  return new Set(typeof properties === 'object' && properties !== null ? Object.keys(properties) : []);
}

import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { DocumentProvided, DocumentProvidedV1, DocumentVerified, DocumentVerifiedV1, ResultIssued, ResultIssuedV1 } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { renderPdf } from '@app/pdf';
import { ApiError, type Principal } from '@app/platform';
import { vietnamDate } from '../calendar/working-calendar';
import { asOfficerOf, dossierNotFound } from '../dossiers/dossier-access';
import { Dossier } from '../dossiers/dossier.entity';
import { DossierService } from '../dossiers/dossier.service';
import { IntakeSettings } from '../intake-settings';
import { DossierLifecycle, nextStatus, PLATFORM_ACTOR } from '../lifecycle/dossier-lifecycle.service';
import { officerActor } from '../lifecycle/officer-desk.service';
import { Letterheads } from '../printing/letterhead.service';
import { ProcedureCatalog } from '../procedures/procedure-catalog.service';
import { VaultClient } from '@app/vault-client';
import { DossierResult } from './dossier-result.entity';
import type { IssueResultDto } from './dto/issue-result.dto';
import { resultDocument } from './result-document';
import { ResultErrorCode } from './result-error-code';
import { ResultSigner } from './result-signer';
import { newVerificationCode, normaliseVerificationCode, VERIFICATION_CODE_PATTERN } from './verification-code';

export interface ResultView {
  readonly dossierId: string;
  readonly verificationCode: string;
  readonly verificationUrl: string;
  readonly resultNumber: string;
  readonly title: string;
  readonly form: DossierResult['form'];
  /** The signed PDF in the citizen's vault (electronic results). */
  readonly documentId: string | null;
  readonly sha256: string | null;
  readonly signatureProfile: string | null;
  readonly issuedAt: string;
  readonly revokedAt: string | null;
}

/** What the public check tells anyone holding a result: no personal data, only whether to trust it. */
export interface VerificationView {
  readonly verificationCode: string;
  readonly status: 'valid' | 'revoked';
  readonly title: string;
  readonly documentTypeCode: string;
  readonly resultNumber: string;
  readonly issuer: { readonly agencyCode: string; readonly name: string };
  readonly issuedAt: string;
  readonly form: DossierResult['form'];
  readonly sha256: string | null;
  readonly signatureProfile: string | null;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
}

/**
 * Results of dossiers. At level 4 the result is a PDF signed by this agency (PAdES), stored in
 * the citizen's vault and verified there by this desk's signed word, so it is reusable like any
 * verified document; at level 3 it is paper. Either can be checked by its code, and revoked.
 */
@Injectable()
export class ResultsService {
  private readonly logger = new Logger(ResultsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
    private readonly catalog: ProcedureCatalog,
    private readonly lifecycle: DossierLifecycle,
    private readonly outbox: OutboxWriter,
    private readonly vault: VaultClient,
    private readonly signer: ResultSigner,
    private readonly letterheads: Letterheads,
    private readonly dossiers: DossierService,
  ) {}

  async issue(principal: Principal, authorization: string, id: string, input: IssueResultDto): Promise<ResultView> {
    const officer = asOfficerOf(principal, this.settings.agencyCode);
    const actor = officerActor(officer);
    // Checked before anything is signed or stored: a dossier that cannot take a result gets none.
    const unlocked = await this.dataSource.manager.findOne(Dossier, { where: { id } });
    if (!unlocked) throw dossierNotFound(id);
    nextStatus(unlocked, 'issue_result', actor);
    const { information } = await this.catalog.published(unlocked.procedureCode, unlocked.procedureVersion, this.dataSource.manager);
    const letterhead = await this.letterheads.ofThisAgency(authorization);
    const now = new Date();
    const verificationCode = newVerificationCode();
    const resultNumber = input.resultNumber ?? `${unlocked.dossierCode}/KQ`;
    const verificationUrl = this.verificationUrl(verificationCode);

    let electronic: { documentId: string; sha256: string; profile: string } | undefined;
    if (unlocked.procedureLevel === 4) {
      const pdf = await renderPdf(
        resultDocument(letterhead, {
          titleVi: information.result.nameVi,
          resultNumber,
          dossierCode: unlocked.dossierCode!,
          procedureNameVi: information.nameVi,
          personalId: unlocked.citizenPersonalId,
          summary: input.summary,
          lines: input.lines ?? [],
          issuedOn: vietnamDate(now),
          verificationUrl,
          verificationCode,
        }),
      );
      const signed = await this.signer.sign(pdf, { reason: `Kết quả giải quyết hồ sơ ${unlocked.dossierCode}`, location: letterhead.place });
      const stored = await this.vault.storeIssuedDocument(authorization, {
        content: signed.pdf,
        fileName: `${information.result.documentTypeCode}-${verificationCode}.pdf`,
        mimeType: 'application/pdf',
        documentTypeCode: information.result.documentTypeCode,
        citizenRef: unlocked.citizenRef,
      });
      electronic = { documentId: stored.documentId, sha256: createHash('sha256').update(signed.pdf).digest('hex'), profile: signed.profile };
    }

    const result = await this.dataSource.transaction(async (manager) => {
      const dossier = await manager.findOne(Dossier, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!dossier) throw dossierNotFound(id);
      const issued = manager.create(DossierResult, {
        id: randomUUID(),
        dossierId: id,
        verificationCode,
        resultNumber,
        documentTypeCode: information.result.documentTypeCode,
        title: information.result.nameVi,
        issuerName: letterhead.name,
        form: electronic ? 'electronic' : 'paper',
        documentId: electronic?.documentId ?? null,
        sha256: electronic?.sha256 ?? null,
        signatureProfile: electronic?.profile ?? null,
        issuedAt: now,
        issuedBy: officer.subject,
        revokedAt: null,
        revocationReason: null,
      });
      // Under the lock the move is checked again: of two officers issuing at once, one wins.
      await this.lifecycle.move(manager, dossier, 'issue_result', actor, { reason: `result ${resultNumber}`, at: now });
      await manager.insert(DossierResult, issued);
      if (electronic) {
        const citizenRef = dossier.citizenRef;
        const agencyCode = this.settings.agencyCode;
        // In this desk's signed word, as for any document: provided for this dossier, verified by this agency.
        await this.outbox.append(manager, DocumentProvided, Object.assign(new DocumentProvidedV1(), { documentId: electronic.documentId, citizenRef, agencyCode, dossierId: id, providedAt: now.toISOString() }));
        await this.outbox.append(
          manager,
          DocumentVerified,
          Object.assign(new DocumentVerifiedV1(), {
            documentId: electronic.documentId,
            citizenRef,
            agencyCode,
            dossierId: id,
            officer: officer.subject,
            verifiedAt: now.toISOString(),
            ...(input.validUntil ? { validUntil: input.validUntil } : {}),
          }),
        );
        await this.outbox.append(
          manager,
          ResultIssued,
          Object.assign(new ResultIssuedV1(), { dossierId: id, agencyCode, citizenRef, documentId: electronic.documentId, documentTypeCode: issued.documentTypeCode, verificationCode, issuedAt: now.toISOString() }),
        );
        if (dossier.returnChannel === 'online') {
          await this.lifecycle.move(manager, dossier, 'deliver_result', PLATFORM_ACTOR, { reason: "returned online, to the citizen's document vault", at: now });
        }
      }
      return issued;
    });
    this.logger.log(`Dossier ${id}: ${result.form} result ${resultNumber} issued (${verificationCode})`);
    return this.toView(result);
  }

  /** The result of a dossier its owner or an officer of this agency may read. */
  async ofDossier(principal: Principal, id: string): Promise<ResultView> {
    const dossier = await this.dossiers.readable(this.dataSource.manager, principal, id);
    const result = await this.dataSource.manager.findOne(DossierResult, { where: { dossierId: dossier.id } });
    if (!result) throw new ApiError(HttpStatus.NOT_FOUND, ResultErrorCode.NoResultYet, `Dossier ${id} has no result yet.`);
    return this.toView(result);
  }

  /** The public check, by the code printed on the result. */
  async verify(typed: string): Promise<VerificationView> {
    const result = await this.byCode(typed);
    return {
      verificationCode: result.verificationCode,
      status: result.revokedAt ? 'revoked' : 'valid',
      title: result.title,
      documentTypeCode: result.documentTypeCode,
      resultNumber: result.resultNumber,
      issuer: { agencyCode: this.settings.agencyCode, name: result.issuerName },
      issuedAt: result.issuedAt.toISOString(),
      form: result.form,
      sha256: result.sha256,
      signatureProfile: result.signatureProfile,
      revokedAt: result.revokedAt?.toISOString() ?? null,
      revocationReason: result.revocationReason,
    };
  }

  /**
   * Withdraws a result issued in error. An electronic one is revoked in the vault first, which
   * withdraws it from reuse everywhere; then here, where the public check reads it.
   */
  async revoke(principal: Principal, authorization: string, typed: string, reason: string): Promise<VerificationView> {
    asOfficerOf(principal, this.settings.agencyCode);
    const found = await this.byCode(typed);
    if (found.revokedAt) throw new ApiError(HttpStatus.CONFLICT, ResultErrorCode.AlreadyRevoked, `Result ${found.verificationCode} was revoked on ${found.revokedAt.toISOString()}.`);
    if (found.documentId) await this.vault.revokeDocument(authorization, found.documentId, reason);
    // Only if still unrevoked: of two revocations at once, the first reason stands.
    await this.dataSource.manager.update(DossierResult, { id: found.id, revokedAt: IsNull() }, { revokedAt: new Date(), revocationReason: reason });
    this.logger.log(`Result ${found.verificationCode} of dossier ${found.dossierId} revoked`);
    return this.verify(found.verificationCode);
  }

  private async byCode(typed: string): Promise<DossierResult> {
    const code = normaliseVerificationCode(typed);
    if (!VERIFICATION_CODE_PATTERN.test(code)) {
      throw new ApiError(HttpStatus.BAD_REQUEST, ResultErrorCode.InvalidVerificationCode, 'A verification code is three groups of four letters and digits, as printed on the result, e.g. 7K2M-9QXA-B3CD.');
    }
    const result = await this.dataSource.manager.findOne(DossierResult, { where: { verificationCode: code } });
    if (!result) throw new ApiError(HttpStatus.NOT_FOUND, ResultErrorCode.ResultNotFound, `No result of ${this.settings.agencyCode} has the code ${code}.`);
    return result;
  }

  private verificationUrl(code: string): string {
    return `${this.settings.publicUrl}/verify/${code}`;
  }

  private toView(result: DossierResult): ResultView {
    return {
      dossierId: result.dossierId,
      verificationCode: result.verificationCode,
      verificationUrl: this.verificationUrl(result.verificationCode),
      resultNumber: result.resultNumber,
      title: result.title,
      form: result.form,
      documentId: result.documentId,
      sha256: result.sha256,
      signatureProfile: result.signatureProfile,
      issuedAt: result.issuedAt.toISOString(),
      revokedAt: result.revokedAt?.toISOString() ?? null,
    };
  }
}

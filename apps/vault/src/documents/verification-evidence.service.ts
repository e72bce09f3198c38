import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { JWK } from 'jose';
import { signingInput } from '@app/messaging';
import type { Principal } from '@app/platform';
import { SigningKey } from '../signing-keys/signing-key.entity';
import { VerificationEvidence } from '../signing-keys/verification-evidence.entity';
import { documentNotFound } from './document.errors';
import { DocumentsService } from './documents.service';
import { StoredDocument } from './stored-document.entity';

export interface VerificationProofView {
  readonly eventId: string;
  readonly agencyCode: string;
  readonly acceptedAt: string;
  /** The signed CloudEvents attributes. */
  readonly attributes: VerificationEvidence['attributes'];
  /** The payload exactly as signed. */
  readonly payload: string;
  /** Detached compact JWS (RFC 7797, b64: false). */
  readonly signature: string;
  readonly kid: string;
  readonly jwk: JWK;
  /** base64url of the bytes signed: the JSON array of the attributes, a newline, the payload. */
  readonly signingInput: string;
}

export interface DocumentEvidenceView {
  readonly documentId: string;
  readonly verifications: VerificationProofView[];
  readonly howToVerify: string;
}

/**
 * Proof of who verified a document and when, checkable without trusting the vault: each
 * accepted verification with the producer's signature over exactly what it said, and the
 * public key it was checked against.
 */
@Injectable()
export class VerificationEvidenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
  ) {}

  async export(principal: Principal, documentId: string): Promise<DocumentEvidenceView> {
    // The same rule as reading the document, and platform admins (who answer audits) too.
    if (principal.role === 'admin') {
      if (!(await this.dataSource.manager.exists(StoredDocument, { where: { id: documentId } }))) throw documentNotFound();
    } else await this.documents.get(principal, documentId);
    const rows = await this.dataSource.manager.find(VerificationEvidence, { where: { documentId }, order: { acceptedAt: 'ASC', eventId: 'ASC' } });
    const keys = new Map((await this.dataSource.manager.find(SigningKey, { where: { kid: In([...new Set(rows.map((row) => row.kid))]) } })).map((key) => [key.kid, key.jwk]));
    return {
      documentId,
      verifications: rows.map((row) => ({
        eventId: row.eventId,
        agencyCode: row.agencyCode,
        acceptedAt: row.acceptedAt.toISOString(),
        attributes: row.attributes,
        payload: row.payloadText,
        signature: row.signature,
        kid: row.kid,
        jwk: keys.get(row.kid)!,
        signingInput: Buffer.from(signingInput(row.attributes, Buffer.from(row.payloadText, 'utf8'))).toString('base64url'),
      })),
      howToVerify:
        'For each entry: split signature at ".." into protected header and signature, then verify the flattened JWS { protected, payload: base64url-decoded signingInput, signature } with jwk (e.g. jose flattenedVerify); the header carries b64: false.',
    };
  }
}

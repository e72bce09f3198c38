import { Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DocumentAvailability, DocumentAvailabilityV1 } from '@app/contracts';
import { EventContext, EventHandlers, OnEvent, UnrecoverableEventError } from '@app/messaging';
import { DossierDocument } from '../dossiers/dossier-document.entity';
import { IntakeSettings } from '../intake-settings';
import { ReuseIndex } from './reuse-index.service';

/** Keeps the local index in step with this desk's governing body's availability topic. */
@EventHandlers()
export class AvailabilityHandlers {
  private readonly logger = new Logger(AvailabilityHandlers.name);

  constructor(
    private readonly settings: IntakeSettings,
    private readonly index: ReuseIndex,
  ) {}

  @OnEvent(DocumentAvailability)
  async onAvailability(@Payload() record: DocumentAvailabilityV1, @Ctx() context: EventContext): Promise<void> {
    // This desk reads only its own body's topic; a record of another body there is a
    // publishing fault, and indexing it would let a document cross bodies' boundaries.
    if (record.governingBodyCode !== this.settings.governingBodyCode) {
      throw new UnrecoverableEventError(
        `availability of document ${record.documentId} is for governing body ${record.governingBodyCode}, not ${this.settings.governingBodyCode}`,
      );
    }
    if ((await this.index.record(context.manager, record)) === 'stale') {
      // Not an error: a late or repeated record the index has already moved past.
      this.logger.debug(`Kept the index entry of document ${record.documentId}: it holds a newer record than version ${record.version}`);
      return;
    }
    if (record.status === 'available' && record.verifiedByAgencyCode === this.settings.agencyCode) {
      // The vault decides the validity (the officer's date, else the document type's default
      // counted from the verification): the dossiers that hold this desk's own copy show that
      // value, not the "no limit" the officer's empty field would otherwise suggest.
      await context.manager.update(
        DossierDocument,
        { documentId: record.documentId, source: 'provided', verification: 'verified' },
        { validUntil: record.validUntil === undefined ? null : new Date(record.validUntil) },
      );
    }
    this.logger.debug(`Indexed document ${record.documentId}: ${record.status}, scope ${record.scope}, version ${record.version}`);
  }
}

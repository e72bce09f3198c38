import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { DossierRated, DossierRatedV1, DossierRatingCriteriaV1 } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { ApiError, type Principal } from '@app/platform';
import { asCitizen, dossierNotFound } from '../dossiers/dossier-access';
import { Dossier } from '../dossiers/dossier.entity';
import { IntakeSettings } from '../intake-settings';
import { DossierRating } from './dossier-rating.entity';
import type { CreateRatingDto } from './dto/create-rating.dto';
import { ratingRefusal, type RatingRefusal } from './rating-eligibility';
import { RatingErrorCode } from './rating-error-code';
import { criteriaOf, toRatingView, type RatingView } from './rating.view';

/** The one unique constraint a rating can break: the dossier's own. */
const ONE_RATING_PER_DOSSIER = 'dossier_rating_pkey';

const REFUSALS: Record<RatingRefusal, (dossier: Dossier) => string> = {
  [RatingErrorCode.RatingNotForLevel]: (dossier) => `Dossier ${dossier.id} is a level ${dossier.procedureLevel} service; only level 3 and 4 services are rated.`,
  [RatingErrorCode.RatingNotYetOpen]: (dossier) => `Dossier ${dossier.id} is ${dossier.status}; it can be rated once its result has been delivered.`,
};

/** A citizen's one rating of a dossier whose result they received, and the event that counts it elsewhere. */
@Injectable()
export class RatingService {
  private readonly logger = new Logger(RatingService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
    private readonly outbox: OutboxWriter,
  ) {}

  async rate(principal: Principal, id: string, input: CreateRatingDto): Promise<RatingView> {
    const citizen = asCitizen(principal);
    try {
      const view = await this.dataSource.transaction(async (manager) => {
        // Someone else's dossier is missing, not forbidden, as everywhere on this desk.
        const dossier = await manager.findOne(Dossier, { where: { id, citizenPersonalId: citizen.personalId } });
        if (!dossier) throw dossierNotFound(id);
        const refusal = ratingRefusal(dossier);
        if (refusal) throw new ApiError(HttpStatus.CONFLICT, refusal, REFUSALS[refusal](dossier));
        const rating = manager.create(DossierRating, {
          dossierId: dossier.id,
          agencyCode: this.settings.agencyCode,
          procedureCode: dossier.procedureCode,
          procedureLevel: dossier.procedureLevel,
          satisfaction: input.satisfaction,
          criterionAccess: input.criteria?.access ?? null,
          criterionOnTime: input.criteria?.onTime ?? null,
          criterionAttitude: input.criteria?.attitude ?? null,
          criterionGuidance: input.criteria?.guidance ?? null,
          comment: input.comment ?? null,
          ratedAt: new Date(),
        });
        // No read-then-insert: two ratings at once both reach here, and the primary key refuses the second.
        await manager.insert(DossierRating, rating);
        await this.outbox.append(
          manager,
          DossierRated,
          Object.assign(new DossierRatedV1(), {
            dossierId: rating.dossierId,
            agencyCode: rating.agencyCode,
            procedureCode: rating.procedureCode,
            procedureLevel: rating.procedureLevel as 3 | 4,
            satisfaction: rating.satisfaction,
            criteria: Object.assign(new DossierRatingCriteriaV1(), criteriaOf(rating)),
            ratedAt: rating.ratedAt.toISOString(),
          }),
        );
        return toRatingView(rating);
      });
      this.logger.log(`Dossier ${id} rated ${view.satisfaction.level}`);
      return view;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === ONE_RATING_PER_DOSSIER) {
        throw new ApiError(HttpStatus.CONFLICT, RatingErrorCode.AlreadyRated, `Dossier ${id} has already been rated; a rating cannot be changed.`);
      }
      throw error;
    }
  }
}

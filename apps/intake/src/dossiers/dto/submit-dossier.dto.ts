import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Channel } from '../../procedures/procedure-information';

export class SubmitDossierDto {
  /** Left out: online at level 4, in person at level 3 (what most citizens choose at each). */
  @ApiPropertyOptional({ enum: ['online', 'post', 'in_person'] })
  @IsOptional()
  @IsIn(['online', 'post', 'in_person'])
  returnChannel?: Channel;
}

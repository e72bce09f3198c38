import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '@app/platform';

export class InboxQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Only messages not yet read.' })
  @IsOptional()
  // Query strings are text: only the words true and false are a choice.
  @Transform(({ obj }: { obj: Record<string, unknown> }) => (obj.unread === 'true' ? true : obj.unread === 'false' ? false : obj.unread))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

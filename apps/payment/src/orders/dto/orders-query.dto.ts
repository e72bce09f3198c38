import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { PageQuery } from '@app/platform';

export class OrdersQueryDto extends PageQuery {
  @ApiProperty({ format: 'uuid', description: 'The dossier whose orders to list.' })
  @IsUUID()
  dossierId!: string;
}

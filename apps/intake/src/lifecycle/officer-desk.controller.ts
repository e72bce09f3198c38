import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, PageQuery, Roles, type Page, type Principal } from '@app/platform';
import { DossierErrorCode } from '../dossiers/dossier-error-code';
import { DossierIdPipe } from '../dossiers/dossier-id.pipe';
import { DOSSIER_STATUSES, type DossierStatus } from '../dossiers/dossier.entity';
import type { DossierView } from '../dossiers/dossier.view';
import { ApologyDto, ReasonDto } from './dto/reason.dto';
import type { DossierApology } from './dossier-apology.entity';
import { OverdueApologies } from './overdue-apologies.service';
import { LifecycleErrorCode } from './lifecycle-error-code';
import { OfficerDesk } from './officer-desk.service';
import { OfficerQueue, type QueueItem } from './officer-queue.service';

export class QueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DOSSIER_STATUSES })
  @IsOptional()
  @IsIn(DOSSIER_STATUSES)
  status?: DossierStatus;
}

/** The one-stop desk's officer steps (Decree 61/2018): each is one move of the lifecycle. */
@ApiTags('officer desk')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [DossierErrorCode, LifecycleErrorCode] })
@Controller()
export class OfficerDeskController {
  constructor(
    private readonly desk: OfficerDesk,
    private readonly queue: OfficerQueue,
    private readonly apologies: OverdueApologies,
  ) {}

  @Get('desk/queue')
  @Roles('officer')
  @ApiOperation({ summary: "This agency's open dossiers, oldest due first, with the working days left" })
  list(@CurrentPrincipal() principal: Principal, @Query() query: QueueQuery): Promise<Page<QueueItem>> {
    return this.queue.list(principal, query.status, query);
  }

  @Post('dossiers/:id/receipt')
  @Roles('officer')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Receive the dossier: national dossier code, appointment date and the receipt slip' })
  receive(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string): Promise<DossierView> {
    return this.desk.receive(principal, id);
  }

  @Post('dossiers/:id/refusal')
  @Roles('officer')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Refuse the dossier at reception, saying why (the refusal slip prints it)' })
  refuse(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string, @Body() body: ReasonDto): Promise<DossierView> {
    return this.desk.refuse(principal, id, body.reason);
  }

  @Post('dossiers/:id/processing')
  @Roles('officer')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  startProcessing(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string): Promise<DossierView> {
    return this.desk.startProcessing(principal, id);
  }

  @Post('dossiers/:id/payment-request')
  @Roles('officer')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ask for the fee before deciding: online at level 4, at the desk or by post at level 3' })
  requestPayment(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string): Promise<DossierView> {
    return this.desk.requestPayment(principal, id);
  }

  @Post('dossiers/:id/approval')
  @Roles('officer')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Approve the dossier; a fee it owes must be paid first' })
  approve(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string): Promise<DossierView> {
    return this.desk.approve(principal, id);
  }

  @Post('dossiers/:id/rejection')
  @Roles('officer')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  reject(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string, @Body() body: ReasonDto): Promise<DossierView> {
    return this.desk.reject(principal, id, body.reason);
  }

  @Post('dossiers/:id/apology')
  @Roles('officer')
  @Idempotent()
  @ApiOperation({ summary: 'Apologise for an overdue dossier in writing and set a new appointment' })
  async apologise(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string, @Body() body: ApologyDto): Promise<ApologyView> {
    return toApologyView(await this.apologies.issue(principal, id, body.reason, body.newAppointmentDate));
  }

  @Post('dossiers/:id/delivery')
  @Roles('officer')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record the result handed over in person or sent by post' })
  deliver(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string): Promise<DossierView> {
    return this.desk.deliver(principal, id);
  }
}

export interface ApologyView {
  readonly id: string;
  readonly dossierId: string;
  readonly previousAppointmentDate: string;
  readonly newAppointmentDate: string;
  readonly reason: string;
  readonly issuedAt: string;
}

function toApologyView(apology: DossierApology): ApologyView {
  return { ...apology, issuedAt: apology.issuedAt.toISOString() };
}

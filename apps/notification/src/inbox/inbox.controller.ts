import { Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, Roles, type Page } from '@app/platform';
import { VaultClient, VaultClientErrorCode } from '@app/vault-client';
import { MessageIdPipe } from '../message-id.pipe';
import { NotificationErrorCode } from '../notification-error-code';
import { InboxQueryDto } from './dto/inbox-query.dto';
import { InboxService, type InboxMessageView } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [NotificationErrorCode, VaultClientErrorCode] })
@Controller('me/messages')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly vault: VaultClient,
  ) {}

  @Get()
  @Roles('citizen')
  @ApiOperation({ summary: 'My in-app messages, newest first' })
  async list(@Headers('authorization') authorization: string, @Query() query: InboxQueryDto): Promise<Page<InboxMessageView>> {
    return this.inbox.page(await this.vault.citizenRef(authorization), query.limit, query.cursor, query.unread === true);
  }

  @Get('unread-count')
  @Roles('citizen')
  @ApiOperation({ summary: 'How many of my in-app messages are unread' })
  async unread(@Headers('authorization') authorization: string): Promise<{ unread: number }> {
    return { unread: await this.inbox.unreadCount(await this.vault.citizenRef(authorization)) };
  }

  @Post('read-all')
  @Roles('citizen')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all my in-app messages read' })
  async readAll(@Headers('authorization') authorization: string): Promise<{ marked: number }> {
    return { marked: await this.inbox.markAllRead(await this.vault.citizenRef(authorization)) };
  }

  @Post(':id/read')
  @Roles('citizen')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one of my in-app messages read' })
  async read(@Headers('authorization') authorization: string, @Param('id', MessageIdPipe) id: string): Promise<InboxMessageView> {
    return this.inbox.markRead(await this.vault.citizenRef(authorization), id);
  }
}

import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, Roles, type Page } from '@app/platform';
import { MessageIdPipe } from '../message-id.pipe';
import { NotificationErrorCode } from '../notification-error-code';
import { MessagesQueryDto } from './dto/messages-query.dto';
import { OperatorMessagesService, type OperatorMessageView } from './operator-messages.service';

/** What operators see of messages: states and errors, never addresses or contents. */
@ApiTags('operator')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [NotificationErrorCode] })
@Controller('operator/messages')
export class OperatorMessagesController {
  constructor(private readonly messages: OperatorMessagesService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Messages by state, newest first: failed ones to act on' })
  list(@Query() query: MessagesQueryDto): Promise<Page<OperatorMessageView>> {
    return this.messages.page(query);
  }

  @Post(':id/retry')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a permanently failed message again, as a new delivery' })
  retry(@Param('id', MessageIdPipe) id: string): Promise<OperatorMessageView> {
    return this.messages.retry(id);
  }
}

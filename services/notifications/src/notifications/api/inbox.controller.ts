import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@fund-desk/platform';
import { NotificationsRepository } from '../infrastructure/notifications.repository';

export class InboxMessageResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'application-received' }) type: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() read: boolean;
}

export class InboxResponse {
  @ApiProperty({ type: [InboxMessageResponse] }) items: InboxMessageResponse[];
  @ApiProperty() unread: number;
}

export class DeliveryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'email' }) channel: string;
  @ApiProperty() type: string;
  @ApiProperty({ enum: ['queued', 'sent', 'failed', 'cancelled'], description: 'cancelled: not sent, because my data was erased first' }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ required: false }) sentAt?: string;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me')
export class InboxController {
  constructor(@Inject(NotificationsRepository) private readonly repository: NotificationsRepository) {}

  @Get('notifications')
  @ApiOperation({ summary: 'My in-app messages, newest first' })
  @ApiOkResponse({ type: InboxResponse })
  async inbox(@CurrentPrincipal() principal: Principal): Promise<InboxResponse> {
    const [messages, unread] = await Promise.all([this.repository.inboxOf(principal.subject), this.repository.unreadCount(principal.subject)]);
    return {
      items: messages.map((m) => ({
        id: m.id,
        type: m.type,
        title: m.title,
        body: m.body,
        applicationId: m.applicationId,
        createdAt: m.createdAt.toISOString(),
        read: m.read,
      })),
      unread,
    };
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one of my messages as read' })
  async markRead(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    if (!(await this.repository.markRead(principal.subject, id))) throw new NotFoundException('Message not found');
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'What was sent to me, when, and whether it arrived (no message bodies)' })
  @ApiOkResponse({ type: [DeliveryResponse] })
  async deliveries(@CurrentPrincipal() principal: Principal): Promise<{ items: DeliveryResponse[] }> {
    const list = await this.repository.deliveriesOf(principal.subject);
    return {
      items: list.map((d) => ({
        id: d.id,
        channel: d.channel,
        type: d.type,
        status: d.status,
        attempts: d.attempts,
        createdAt: d.createdAt.toISOString(),
        ...(d.sentAt ? { sentAt: d.sentAt.toISOString() } : {}),
      })),
    };
  }
}

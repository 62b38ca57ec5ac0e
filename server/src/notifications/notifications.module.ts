// Notifications: outbox rows written with every case transition, a worker that sends them on
// WeChat, Web Push and SMS, the in-app inbox and the live event stream.
import { Module, type OnModuleInit } from '@nestjs/common';
import { CaseEventHooks } from '../cases/case-events.hooks';
import { WechatAccessTokenModule } from '../integrations/wechat/access-token';
import { WechatSubscribeClient } from '../integrations/wechat/subscribe.client';
import { WebPushSender } from '../integrations/webpush/webpush.sender';
import { LiveBus } from './live-bus';
import { LiveEvents } from './live-events';
import { LiveStreamsRepository } from './live-streams.repository';
import { NotificationPlanner } from './notification-planner';
import { NotificationWorker } from './notification.worker';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [WechatAccessTokenModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationPlanner, NotificationWorker, NotificationsService, LiveBus, LiveEvents, LiveStreamsRepository, WechatSubscribeClient, WebPushSender],
  exports: [NotificationPlanner, NotificationWorker],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly hooks: CaseEventHooks,
    private readonly planner: NotificationPlanner,
  ) {}

  onModuleInit(): void {
    this.hooks.register((trx, record) => this.planner.onTransition(trx, record));
  }
}

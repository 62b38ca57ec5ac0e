// HTTP routes of notifications: inbox, subscriptions, the live event stream, dead letters.
import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  deadNotificationsSchema,
  inboxItemParamsSchema,
  inboxPageSchema,
  inboxQuerySchema,
  notificationIdParamsSchema,
  notificationOkSchema,
  pushSubscriptionRequestSchema,
  pushSubscriptionResponseSchema,
  unreadCountSchema,
  vapidPublicKeySchema,
  wechatSubscriptionsRequestSchema,
  wechatSubscriptionsResponseSchema,
  wechatTemplateOfferSchema,
  type InboxQuery,
  type PushSubscriptionRequest,
  type WechatSubscriptionsRequest,
} from '@hotline/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { NotificationsService } from './notifications.service';

const eventsQuerySchema = z.object({ access_token: z.string().max(2000).optional() });

@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('me/inbox')
  @Endpoint({ summary: '我的消息（按时间倒序分页）', tags: ['notifications'], access: 'authenticated', query: inboxQuerySchema, response: inboxPageSchema })
  inbox(@CurrentPrincipal() principal: Principal, @Query() query: InboxQuery) {
    return this.notifications.inbox(principal, query);
  }

  @Get('me/inbox/unread-count')
  @Endpoint({ summary: '未读消息数', tags: ['notifications'], access: 'authenticated', response: unreadCountSchema })
  unreadCount(@CurrentPrincipal() principal: Principal) {
    return this.notifications.unreadCount(principal);
  }

  @Post('me/inbox/:id/read')
  @Endpoint({ summary: '标记消息已读', tags: ['notifications'], access: 'authenticated', params: inboxItemParamsSchema, response: notificationOkSchema, errors: ['NOTIFICATION_NOT_FOUND'] })
  markRead(@CurrentPrincipal() principal: Principal, @Param() params: { id: number }) {
    return this.notifications.markRead(principal, params.id);
  }

  @Get('me/subscriptions/wechat')
  @Endpoint({ summary: '我的微信订阅消息授权', tags: ['notifications'], access: 'authenticated', response: wechatSubscriptionsResponseSchema })
  wechatSubscriptions(@CurrentPrincipal() principal: Principal) {
    return this.notifications.wechatSubscriptions(principal);
  }

  @Get('me/subscriptions/wechat/offer')
  @Endpoint({ summary: '可订阅的微信消息模板（按重要程度排序，每次最多申请 3 个）', tags: ['notifications'], access: 'authenticated', response: wechatTemplateOfferSchema })
  wechatTemplateOffer(@CurrentPrincipal() principal: Principal) {
    return this.notifications.wechatTemplateOffer(principal);
  }

  @Post('me/subscriptions/wechat')
  @Endpoint({
    summary: '上报 wx.requestSubscribeMessage 的授权结果',
    tags: ['notifications'],
    access: 'authenticated',
    body: wechatSubscriptionsRequestSchema,
    response: wechatSubscriptionsResponseSchema,
  })
  saveWechat(@CurrentPrincipal() principal: Principal, @Body() body: WechatSubscriptionsRequest) {
    return this.notifications.saveWechatChoices(principal, body);
  }

  @Post('me/subscriptions/push')
  @Endpoint({ summary: '登记浏览器推送订阅', tags: ['notifications'], access: 'authenticated', body: pushSubscriptionRequestSchema, response: pushSubscriptionResponseSchema, status: 201 })
  savePush(@CurrentPrincipal() principal: Principal, @Body() body: PushSubscriptionRequest, @Headers('user-agent') userAgent?: string) {
    return this.notifications.savePushSubscription(principal, body, userAgent);
  }

  @Get('push/vapid-public-key')
  @Endpoint({ summary: '浏览器推送的 VAPID 公钥', tags: ['notifications'], response: vapidPublicKeySchema })
  vapidPublicKey() {
    return this.notifications.vapidPublicKey();
  }

  @Get('me/events')
  @Endpoint({
    summary: '实时事件流（SSE）：新消息与待办数量',
    description: 'EventSource 无法设置请求头，可用 ?access_token= 传令牌；断线重连时 Last-Event-ID 续传。',
    tags: ['notifications'],
    query: eventsQuerySchema,
    errors: ['UNAUTHENTICATED'],
  })
  async events(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: { access_token?: string }) {
    const lastEventId = req.headers['last-event-id'];
    await this.notifications.openStream(req.headers.authorization, query.access_token, typeof lastEventId === 'string' ? lastEventId : undefined, reply.raw);
    reply.hijack();
  }

  @Get('admin/notifications/dead')
  @Endpoint({ summary: '发送失败的通知（死信）', tags: ['notifications', 'admin'], access: ['admin'], response: deadNotificationsSchema })
  dead(@CurrentPrincipal() principal: Principal) {
    return this.notifications.deadLetters(principal);
  }

  @Post('admin/notifications/:id/retry')
  @Endpoint({ summary: '重新发送死信通知', tags: ['notifications', 'admin'], access: ['admin'], params: notificationIdParamsSchema, response: notificationOkSchema, errors: ['NOTIFICATION_NOT_FOUND'] })
  retry(@CurrentPrincipal() principal: Principal, @Param() params: { id: number }) {
    return this.notifications.retryDead(principal, params.id);
  }
}

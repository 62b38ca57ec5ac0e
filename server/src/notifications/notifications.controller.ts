// HTTP routes of notifications: inbox, subscriptions, the live event stream, dead letters.
import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  deadNotificationsSchema,
  inboxItemParamsSchema,
  inboxPageSchema,
  inboxQuerySchema,
  liveEventsQuerySchema,
  notificationIdParamsSchema,
  notificationOkSchema,
  pushSubscriptionRequestSchema,
  pushSubscriptionResponseSchema,
  streamTicketSchema,
  unreadCountSchema,
  vapidPublicKeySchema,
  wechatSubscriptionsRequestSchema,
  wechatSubscriptionsResponseSchema,
  wechatTemplateOfferSchema,
  type InboxQuery,
  type LiveEventsQuery,
  type PushSubscriptionRequest,
  type WechatSubscriptionsRequest,
} from '@hotline/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { NotificationsService } from './notifications.service';

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
  @Endpoint({ summary: '浏览器推送的 VAPID 公钥', tags: ['notifications'], access: 'public', response: vapidPublicKeySchema })
  vapidPublicKey() {
    return this.notifications.vapidPublicKey();
  }

  @Post('me/events/tickets')
  @Endpoint({
    summary: '领取实时事件流的一次性凭证（30 秒内有效）',
    description: '凭证只能用一次；每人最多同时打开 5 个实时连接，超出返回 429 TOO_MANY_STREAMS。',
    tags: ['notifications'],
    access: 'authenticated',
    response: streamTicketSchema,
    status: 201,
    errors: ['TOO_MANY_STREAMS'],
  })
  streamTicket(@CurrentPrincipal() principal: Principal) {
    return this.notifications.issueStreamTicket(principal);
  }

  @Get('me/events')
  @Endpoint({
    summary: '实时事件流（SSE）：新消息与待办数量',
    description:
      'EventSource 无法设置请求头，地址里只带一次性凭证 ticket（POST /me/events/tickets 领取），不带访问令牌；会话结束时连接关闭。重连时换新凭证，Last-Event-ID 请求头或 lastEventId 参数续传。',
    tags: ['notifications'],
    access: 'public',
    query: liveEventsQuerySchema,
    errors: ['STREAM_TICKET_INVALID', 'TOO_MANY_STREAMS'],
  })
  async events(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: LiveEventsQuery) {
    const header = req.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && /^\d{1,15}$/.test(header) ? header : query.lastEventId;
    // The stream is written to the raw response: give it the headers every reply carries (security headers).
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    await this.notifications.openStream(query.ticket, lastEventId, reply.raw);
    reply.hijack();
  }

  @Get('admin/notifications/dead')
  @Endpoint({ summary: '发送失败的通知（死信）', tags: ['notifications', 'admin'], access: 'notifications.deadLetters', response: deadNotificationsSchema })
  dead(@CurrentPrincipal() principal: Principal) {
    return this.notifications.deadLetters(principal);
  }

  @Post('admin/notifications/:id/retry')
  @Endpoint({ summary: '重新发送死信通知', tags: ['notifications', 'admin'], access: 'notifications.deadLetters', params: notificationIdParamsSchema, response: notificationOkSchema, errors: ['NOTIFICATION_NOT_FOUND'] })
  retry(@CurrentPrincipal() principal: Principal, @Param() params: { id: number }) {
    return this.notifications.retryDead(principal, params.id);
  }
}

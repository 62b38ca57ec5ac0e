// The user's inbox, their WeChat and browser subscriptions, the live stream, and the admin's
// dead letters. Every method starts with its access check.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { InboxPage, InboxQuery, PushSubscriptionRequest, WechatSubscriptionsRequest } from '@hotline/core';
import { SessionsService } from '../auth/sessions.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { pushEndpointProblem } from '../integrations/webpush/push-endpoint';
import { TokenSigner, type Principal } from '../auth/tokens';
import { AppError } from '../common/app-error';
import { WebPushSender } from '../integrations/webpush/webpush.sender';
import { LiveEvents } from './live-events';
import { NotificationPlanner } from './notification-planner';
import { toDeadNotification, toInboxItem } from './notifications.mapper';
import { NotificationsRepository } from './notifications.repository';

const notFound = () => new AppError('NOTIFICATION_NOT_FOUND', 404, '通知不存在');

@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly push: WebPushSender,
    private readonly live: LiveEvents,
    private readonly signer: TokenSigner,
    private readonly planner: NotificationPlanner,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  wechatTemplateOffer(principal: Principal) {
    return { templateIds: this.planner.templateOffer(principal.role === 'resident' ? 'resident' : 'staff') };
  }

  async inbox(principal: Principal, query: InboxQuery): Promise<InboxPage> {
    const rows = await this.repo.inboxPage(principal.userId, query.before, query.limit + 1, query.unread === '1');
    const page = rows.slice(0, query.limit);
    return { items: page.map(toInboxItem), nextBefore: rows.length > query.limit ? Number(page[page.length - 1]?.id) : null };
  }

  async unreadCount(principal: Principal) {
    return { unread: await this.repo.unreadCount(principal.userId) };
  }

  /** Someone else's item answers exactly like a missing one. */
  async markRead(principal: Principal, id: number) {
    if (!(await this.repo.markRead(principal.userId, id, new Date().toISOString()))) throw notFound();
    return { ok: true as const };
  }

  async saveWechatChoices(principal: Principal, body: WechatSubscriptionsRequest) {
    const at = new Date().toISOString();
    for (const c of body.choices) await this.repo.upsertWechatChoice(principal.userId, c.templateId, c.kind, c.choice, at);
    return this.wechatSubscriptions(principal);
  }

  async wechatSubscriptions(principal: Principal) {
    const rows = await this.repo.wechatSubscriptions(principal.userId);
    return {
      subscriptions: rows.map((r) => ({
        templateId: r.template_id,
        kind: r.kind as 'one_time' | 'long_term',
        choice: r.choice as 'accept' | 'reject' | 'ban' | 'filter',
        remaining: Number(r.remaining),
      })),
    };
  }

  async savePushSubscription(principal: Principal, body: PushSubscriptionRequest, userAgent: string | undefined) {
    const problem = pushEndpointProblem(body.endpoint, this.config.notifications.pushEndpoints);
    if (problem) throw new AppError('VALIDATION_FAILED', 400, problem, [{ field: 'endpoint', code: 'push_endpoint_refused', message: problem }]);
    const id = await this.repo.upsertPushSubscription({
      id: randomUUID(),
      user_id: principal.userId,
      endpoint: body.endpoint,
      p256dh: body.keys.p256dh,
      auth: body.keys.auth,
      user_agent: userAgent?.slice(0, 300) ?? null,
      created_at: new Date().toISOString(),
    });
    return { id };
  }

  vapidPublicKey() {
    return { publicKey: this.push.keys.publicKey };
  }

  /** EventSource cannot send headers, so the token may also come as ?access_token=. */
  async openStream(header: string | undefined, queryToken: string | undefined, lastEventId: string | undefined, res: ServerResponse): Promise<void> {
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : queryToken;
    const principal = token ? this.signer.verify(token) : null;
    if (!principal?.sessionId || !(await this.sessions.isLive(principal.sessionId))) throw new AppError('UNAUTHENTICATED', 401, '请先登录');
    const last = lastEventId && /^\d+$/.test(lastEventId) ? Number(lastEventId) : null;
    await this.live.open(principal, res, last);
  }

  async deadLetters(principal: Principal, limit = 100) {
    requireAdmin(principal);
    return { items: (await this.repo.deadLetters(limit)).map(toDeadNotification) };
  }

  async retryDead(principal: Principal, id: number) {
    requireAdmin(principal);
    if (!(await this.repo.retryDead(id, new Date().toISOString()))) throw notFound();
    return { ok: true as const };
  }
}

function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new AppError('FORBIDDEN', 403, '当前账号没有此操作的权限');
}

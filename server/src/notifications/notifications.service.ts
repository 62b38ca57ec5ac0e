// The user's inbox, their WeChat and browser subscriptions, the live stream, and the admin's
// dead letters. Every method starts with its access check.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@hotline/core';
import type { InboxPage, InboxQuery, PushSubscriptionRequest, Role, StreamTicket, WechatSubscriptionsRequest } from '@hotline/core';
import { requirePermission } from '../auth/permission';
import { SessionsService } from '../auth/sessions.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { pushEndpointProblem } from '../integrations/webpush/push-endpoint';
import type { Principal } from '../auth/tokens';
import { WebPushSender } from '../integrations/webpush/webpush.sender';
import { LiveEvents, MAX_STREAMS_PER_USER } from './live-events';
import { LiveStreamsRepository } from './live-streams.repository';
import { NotificationPlanner } from './notification-planner';
import { toDeadNotification, toInboxItem } from './notifications.mapper';
import { NotificationsRepository } from './notifications.repository';

const notFound = () => new DomainError(ErrorCode.NOTIFICATION_NOT_FOUND, '通知不存在');
/** How long a stream ticket may wait to be redeemed. */
export const STREAM_TICKET_TTL_SECONDS = 30;
const ticketId = (ticket: string) => createHash('sha256').update(ticket).digest('hex');
class TooManyStreamsError extends DomainError {
  readonly retryAfterSeconds = STREAM_TICKET_TTL_SECONDS;
  constructor() {
    super(ErrorCode.TOO_MANY_STREAMS, `每人最多同时打开 ${MAX_STREAMS_PER_USER} 个实时连接，请关闭其他页面后再试`);
  }
}
const tooManyStreams = () => new TooManyStreamsError();

@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly push: WebPushSender,
    private readonly live: LiveEvents,
    private readonly streams: LiveStreamsRepository,
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
    if (problem) throw new DomainError(ErrorCode.VALIDATION_FAILED, problem, [{ field: 'endpoint', code: 'push_endpoint_refused', message: problem }]);
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

  /**
   * A one-time ticket for the live stream, bound to the caller's session. Refused with 429 when the
   * person already has the most streams open, so a client learns it here (an EventSource cannot
   * read a status) and reads its counts on a timer instead.
   */
  async issueStreamTicket(principal: Principal, now = new Date()): Promise<StreamTicket> {
    if (!principal.sessionId) throw new DomainError(ErrorCode.UNAUTHENTICATED, '请先登录');
    if ((await this.streams.openCount(principal.userId, this.live.aliveSince(now))) >= MAX_STREAMS_PER_USER) throw tooManyStreams();
    await this.streams.purge(new Date(now.getTime() - 60 * 60 * 1000).toISOString());
    const ticket = randomBytes(32).toString('base64url');
    await this.streams.insertTicket({
      id: ticketId(ticket),
      user_id: principal.userId,
      session_id: principal.sessionId,
      role: principal.role,
      unit_id: principal.unitId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + STREAM_TICKET_TTL_SECONDS * 1000).toISOString(),
    });
    return { ticket, expiresIn: STREAM_TICKET_TTL_SECONDS };
  }

  /** Redeems a ticket (once, before it expires, while its session stands) and opens the stream. */
  async openStream(ticket: string, lastEventId: string | undefined, res: ServerResponse, now = new Date()): Promise<void> {
    const row = await this.streams.redeem(ticketId(ticket), now.toISOString());
    if (!row || !(await this.sessions.isLive(row.session_id))) {
      throw new DomainError(ErrorCode.STREAM_TICKET_INVALID, '实时连接凭证无效或已过期，请重新连接');
    }
    if ((await this.streams.openCount(row.user_id, this.live.aliveSince(now), row.id)) >= MAX_STREAMS_PER_USER) {
      await this.streams.close(row.id, now.toISOString());
      throw tooManyStreams();
    }
    const principal: Principal = { userId: row.user_id, role: row.role as Role, unitId: row.unit_id, sessionId: row.session_id };
    await this.live.open(principal, row.id, res, lastEventId ? Number(lastEventId) : null);
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

const requireAdmin = (principal: Principal) => requirePermission(principal, 'notifications.deadLetters');

// Decides, inside the case transaction, who hears of a transition and on which channels: an inbox
// item for every user, and outbox rows for WeChat, Web Push and SMS that the worker sends later.
// A rolled-back transition therefore leaves no trace here.
import { Inject, Injectable } from '@nestjs/common';
import { type NotifyAudience, caseLinkFor, wechatPageFor } from '@hotline/core';
import type { Kysely } from 'kysely';
import type { CaseTransitionRecord } from '../cases/case-events.hooks';
import type { CaseRow } from '../cases/cases.repository';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { DB } from '../database/schema';
import { WechatSubscribeClient } from '../integrations/wechat/subscribe.client';
import { STATUS_TEXT, type Side, bodyOf, notificationKinds, titleOf } from './messages.zh-CN';
import { type NewOutbox, NotificationsRepository, type Recipient } from './notifications.repository';
import { type WechatTemplate, fillTemplate, parseTemplates } from './templates';

const RESIDENT_AUDIENCES = new Set<NotifyAudience>(['filer', 'followers']);
const UNIT_STAFF = new Set(['handler', 'unit_manager']);

export interface OutboxPayload {
  title: string;
  body: string;
  url: string;
  trackingNumber: string;
  wechat?: { openid: string; templateId: string; page: string; data: Record<string, string> };
  sms?: { phoneEnc: string; templateKey: string; params: string[] };
}

@Injectable()
export class NotificationPlanner {
  private readonly templates: Map<string, WechatTemplate>;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly wechat: WechatSubscribeClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.templates = parseTemplates(config.notifications.wechatTemplatesJson);
  }

  /** Distinct configured templates for the kinds a side hears of, most important first. */
  templateOffer(side: Side): string[] {
    const ids = notificationKinds(side).flatMap((kind) => this.templates.get(kind)?.templateId ?? []);
    return [...new Set(ids)];
  }

  /** The CaseEventHooks sink. */
  async onTransition(trx: Kysely<DB>, record: CaseTransitionRecord): Promise<void> {
    if (record.event.type === 'deadline_warning' || record.event.type === 'deadline_overdue') {
      const state = record.event.type === 'deadline_warning' ? 'warning' : 'overdue';
      return this.deadlineReached(trx, record.caseRow, state, record.event.at);
    }
    const audiences = new Set<NotifyAudience>();
    for (const effect of record.effects) if (effect.type === 'notify') audiences.add(effect.audience);
    const payload = record.event.payload;
    // Residents follow every step of their case, including the ones only staff act on.
    if (record.event.type === 'dispatch' || (record.event.type === 'rule_return' && payload.decision === 'redispatch'))
      audiences.add('filer');
    if (audiences.size === 0) return;
    if (audiences.has('filer')) audiences.add('followers');
    const eventId = record.eventId || (await this.repo.lastEventId(trx, record.caseRow.id));
    await this.enqueue(
      trx,
      record.caseRow,
      eventId,
      record.event.type,
      audiences,
      { ...payload, toStatus: record.event.toStatus },
      record.actor.userId,
      record.event.at,
    );
  }

  /** For the scheduler: a case reached its warning point or its deadline. Call inside the transaction that sets the flag. */
  async deadlineReached(
    trx: Kysely<DB>,
    caseRow: CaseRow,
    state: 'warning' | 'overdue',
    at = new Date().toISOString(),
  ): Promise<void> {
    const audiences = new Set<NotifyAudience>(['assignee_unit', 'responsible_township']);
    if (state === 'overdue') audiences.add('supervisors');
    const eventId = await this.repo.lastEventId(trx, caseRow.id);
    await this.enqueue(trx, caseRow, eventId, state, audiences, {}, null, at);
  }

  private async enqueue(
    trx: Kysely<DB>,
    c: CaseRow,
    eventId: number,
    kind: string,
    audiences: Set<NotifyAudience>,
    payload: Record<string, unknown>,
    actorUserId: string | null,
    at: string,
  ): Promise<void> {
    const recipients = new Map<string, { user: Recipient; side: Side }>();
    for (const audience of audiences) {
      const side: Side = RESIDENT_AUDIENCES.has(audience) ? 'resident' : 'staff';
      for (const user of await this.resolve(trx, c, audience)) {
        if (user.id !== actorUserId && !recipients.has(user.id)) recipients.set(user.id, { user, side });
      }
    }
    const userIds = [...recipients.keys()];
    const { wechat: usableWechat, push: withPush } = await this.repo.reachOf(trx, userIds);
    const template = this.wechat.configured ? this.templates.get(kind) : undefined;
    const urgent = c.urgency === 'urgent' || c.deadline_state === 'overdue' || kind === 'overdue';
    const body = bodyOf(c.tracking_number, c.description);
    const inbox = [];
    const outbox: NewOutbox[] = [];
    const row = (
      recipient: string,
      userId: string | null,
      channel: NewOutbox['channel'],
      p: OutboxPayload,
    ): NewOutbox => ({
      event_id: eventId,
      case_id: c.id,
      kind,
      recipient,
      user_id: userId,
      channel,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      payload_json: JSON.stringify(p),
      created_at: at,
      updated_at: at,
    });

    for (const { user, side } of recipients.values()) {
      const title = titleOf(kind, side, payload);
      const link = caseLinkFor(side, c.id);
      inbox.push({
        user_id: user.id,
        case_id: c.id,
        event_id: eventId,
        kind,
        title,
        body,
        link,
        created_at: at,
        read_at: null,
      });
      const base: OutboxPayload = { title, body, url: link, trackingNumber: c.tracking_number };
      if (template && user.wechat_openid && usableWechat.has(`${user.id}:${template.templateId}`)) {
        const facts = {
          trackingNumber: c.tracking_number,
          title,
          body,
          status: STATUS_TEXT[c.status] ?? c.status,
          at,
          description: c.description,
        };
        outbox.push(
          row(`user:${user.id}`, user.id, 'wechat', {
            ...base,
            wechat: { openid: user.wechat_openid, ...fillTemplate(template, wechatPageFor(side, c.id), facts) },
          }),
        );
      } else if (withPush.has(user.id)) {
        outbox.push(row(`user:${user.id}`, user.id, 'webpush', base));
      }
      // SMS is for handlers away from a screen; the centre works its live queue.
      if (side === 'staff' && urgent && user.phone_enc && UNIT_STAFF.has(user.role)) {
        outbox.push(
          row(`user:${user.id}`, user.id, 'sms', {
            ...base,
            sms: { phoneEnc: user.phone_enc, templateKey: 'case_alert', params: [c.tracking_number, title] },
          }),
        );
      }
    }
    // Someone who phoned in hears back by SMS, whether or not they have an account.
    if (audiences.has('filer') && c.channel === 'phone' && c.contact_phone_enc && c.contact_phone_hash) {
      const title = titleOf(kind, 'resident', payload);
      outbox.push(
        row(`phone:${c.contact_phone_hash}`, c.filer_user_id, 'sms', {
          title,
          body,
          url: caseLinkFor('resident', c.id),
          trackingNumber: c.tracking_number,
          sms: { phoneEnc: c.contact_phone_enc, templateKey: 'case_update', params: [c.tracking_number, title] },
        }),
      );
    }
    await this.repo.insertInbox(trx, inbox);
    await this.repo.insertOutbox(trx, outbox);
  }

  private async resolve(trx: Kysely<DB>, c: CaseRow, audience: NotifyAudience): Promise<Recipient[]> {
    switch (audience) {
      case 'filer':
        return c.filer_user_id ? this.repo.usersById(trx, [c.filer_user_id]) : [];
      case 'followers':
        return this.repo.usersById(trx, await this.repo.followerIds(trx, c.id));
      case 'assignee_unit':
        return this.repo.unitStaff(trx, c.assignee_unit_id ? [c.assignee_unit_id] : []);
      case 'responsible_township':
        return this.repo.unitStaff(trx, c.responsible_township_unit_id ? [c.responsible_township_unit_id] : []);
      case 'assisting_units': {
        const state = JSON.parse(c.state_json) as { assignment?: { assistingUnitIds?: string[] } };
        return this.repo.unitStaff(trx, state.assignment?.assistingUnitIds ?? []);
      }
      case 'dispatchers':
        return this.repo.usersWithRole(trx, 'dispatcher');
      case 'supervisors':
        return this.repo.usersWithRole(trx, 'supervisor');
      case 'operators':
        return this.repo.usersWithRole(trx, 'operator');
    }
  }
}

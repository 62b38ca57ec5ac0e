// Sends the outbox: claims due rows in batches under a lease (SKIP LOCKED on PostgreSQL, so
// several instances share the work), sends each without any transaction open, records every
// attempt, retries with exponential backoff and jitter, and dead-letters what cannot succeed.
// A row whose previous holder died mid-send is never sent again automatically (it may have
// arrived): it goes to the dead letters, where an admin can retry it.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { WechatApiError } from '../integrations/wechat/access-token';
import { WechatSubscribeClient } from '../integrations/wechat/subscribe.client';
import { PushSendError, WebPushSender } from '../integrations/webpush/webpush.sender';
import { SMS_GATEWAY, type SmsGateway } from '../integrations/sms/sms-gateway';
import { PhoneVault } from '../privacy/phone-vault';
import type { OutboxPayload } from './notification-planner';
import { NotificationsRepository, type OutboxRow } from './notifications.repository';

/** WeChat codes that no retry can fix: bad data (47003), unknown openid (40003), bad template (40037). */
const WECHAT_PERMANENT = new Set([47003, 40003, 40037]);
const WECHAT_REFUSED = 43101;

type Outcome =
  | { kind: 'sent' }
  | { kind: 'retry'; error: string }
  | { kind: 'dead'; error: string }
  /** This channel is closed for the recipient; another one (if any) was queued. */
  | { kind: 'superseded'; error: string };

export interface WorkerOptions {
  batchSize: number;
  leaseMs: number;
  sendTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

@Injectable()
export class NotificationWorker implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationWorker');
  readonly id = `w-${randomUUID().slice(0, 8)}`;
  readonly options: WorkerOptions = { batchSize: 50, leaseMs: 60_000, sendTimeoutMs: 8000, backoffBaseMs: 5000, backoffMaxMs: 3_600_000 };
  /** Overridable clock, so tests can jump past leases and backoffs. */
  now: () => Date = () => new Date();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly wechat: WechatSubscribeClient,
    private readonly push: WebPushSender,
    private readonly vault: PhoneVault,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SMS_GATEWAY) private readonly sms: SmsGateway,
  ) {}

  onModuleInit(): void {
    const every = this.config.notifications.intervalMs;
    if (every > 0) {
      this.timer = setInterval(() => {
        if (!this.running) void this.drain().catch((err: unknown) => this.logger.error(`drain failed: ${String(err)}`));
      }, every);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Sends everything due now, batch after batch; returns how many rows were handled. */
  drain(worker = this.id): Promise<number> {
    const run = (async () => {
      let handled = 0;
      for (;;) {
        const batch = await this.claim(worker);
        if (batch.length === 0) return handled;
        // One recipient's messages go out in the order their events happened (accepted before
        // dispatched); different recipients are served side by side.
        const byRecipient = new Map<string, OutboxRow[]>();
        for (const row of [...batch].sort((a, b) => Number(a.id) - Number(b.id))) {
          byRecipient.set(row.recipient, [...(byRecipient.get(row.recipient) ?? []), row]);
        }
        await Promise.all(
          [...byRecipient.values()].map(async (rows) => {
            for (const row of rows) await this.process(row, worker);
          }),
        );
        handled += batch.length;
      }
    })();
    if (worker === this.id) {
      this.running = run.finally(() => {
        this.running = null;
      });
    }
    return run;
  }

  claim(worker = this.id): Promise<OutboxRow[]> {
    const now = this.now();
    return this.repo.claim(worker, now.toISOString(), new Date(now.getTime() + this.options.leaseMs).toISOString(), this.options.batchSize);
  }

  async process(row: OutboxRow, worker = this.id): Promise<void> {
    const previous = await this.repo.lastAttempt(row.id);
    if (previous?.outcome === 'started') {
      await this.repo.finishAttempt(previous.id, 'interrupted', 'worker stopped during the send', this.now().toISOString());
      await this.repo.settle(row.id, worker, { status: 'dead', error: 'interrupted: the previous send may have arrived; retry by hand if it did not' }, this.now().toISOString());
      return;
    }
    const attemptId = await this.repo.startAttempt(row.id, row.attempts, worker, this.now().toISOString());
    const outcome = await this.send(row).catch((err: unknown): Outcome => ({ kind: 'retry', error: String(err) }));
    const at = this.now();
    const iso = at.toISOString();
    if (outcome.kind === 'sent') {
      await this.repo.settle(row.id, worker, { status: 'sent', sentAt: iso }, iso);
    } else if (outcome.kind === 'retry' && row.attempts < this.config.notifications.maxAttempts) {
      await this.repo.settle(row.id, worker, { status: 'pending', nextAttemptAt: new Date(at.getTime() + this.backoff(row.attempts)).toISOString(), error: outcome.error }, iso);
    } else {
      const status = outcome.kind === 'superseded' ? 'superseded' : 'dead';
      await this.repo.settle(row.id, worker, { status, error: outcome.error }, iso);
    }
    await this.repo.finishAttempt(attemptId, outcome.kind === 'retry' && row.attempts >= this.config.notifications.maxAttempts ? 'dead' : outcome.kind, 'error' in outcome ? outcome.error : null, iso);
  }

  /** Exponential with full jitter: a random delay up to base·2^(n-1), capped. */
  backoff(attempt: number): number {
    const ceiling = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private async send(row: OutboxRow): Promise<Outcome> {
    const payload = JSON.parse(row.payload_json) as OutboxPayload;
    switch (row.channel) {
      case 'wechat':
        return this.sendWechat(row, payload);
      case 'webpush':
        return this.sendPush(row, payload);
      case 'sms':
        if (!payload.sms) return { kind: 'dead', error: 'no phone number' };
        await this.sms.send(this.vault.decrypt(payload.sms.phoneEnc), payload.sms.templateKey, payload.sms.params);
        return { kind: 'sent' };
    }
  }

  private async sendWechat(row: OutboxRow, payload: OutboxPayload): Promise<Outcome> {
    const w = payload.wechat;
    if (!w || !row.user_id) return { kind: 'dead', error: 'no WeChat recipient' };
    try {
      await this.wechat.send({ openid: w.openid, templateId: w.templateId, page: w.page, data: w.data }, this.options.sendTimeoutMs);
      await this.repo.consumeWechat(row.user_id, w.templateId, this.now().toISOString());
      return { kind: 'sent' };
    } catch (err) {
      if (!(err instanceof WechatApiError)) throw err;
      if (err.errcode === WECHAT_REFUSED) {
        await this.repo.exhaustWechat(row.user_id, w.templateId, this.now().toISOString());
        const fallback = await this.queueFallback(row, payload);
        return { kind: 'superseded', error: `43101 refused by the user${fallback ? '; sent by Web Push instead' : ''}` };
      }
      if (WECHAT_PERMANENT.has(err.errcode)) {
        this.logger.error(`WeChat rejected outbox ${row.id} (${err.errcode} ${err.errmsg}): a template or data bug`);
        return { kind: 'dead', error: err.message };
      }
      return { kind: 'retry', error: err.message };
    }
  }

  private async queueFallback(row: OutboxRow, payload: OutboxPayload): Promise<boolean> {
    if (!row.user_id || (await this.repo.pushSubscriptionsOf(row.user_id)).length === 0) return false;
    const at = this.now().toISOString();
    const { wechat: _wechat, ...rest } = payload;
    await this.repo.insertOutbox(this.repo.executor, [
      {
        event_id: row.event_id,
        case_id: row.case_id,
        kind: row.kind,
        recipient: row.recipient,
        user_id: row.user_id,
        channel: 'webpush',
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        payload_json: JSON.stringify(rest),
        created_at: at,
        updated_at: at,
      },
    ]);
    return true;
  }

  private async sendPush(row: OutboxRow, payload: OutboxPayload): Promise<Outcome> {
    const subs = row.user_id ? await this.repo.pushSubscriptionsOf(row.user_id) : [];
    let delivered = 0;
    let lastError = 'no browser subscription left';
    for (const sub of subs) {
      try {
        await this.push.send(sub, { title: payload.title, body: payload.body, url: payload.url }, this.options.sendTimeoutMs);
        delivered++;
      } catch (err) {
        if (err instanceof PushSendError && err.gone) await this.repo.deletePushSubscription(sub.id);
        else lastError = String(err);
      }
    }
    if (delivered > 0) return { kind: 'sent' };
    const remaining = row.user_id ? await this.repo.pushSubscriptionsOf(row.user_id) : [];
    return remaining.length === 0 ? { kind: 'superseded', error: 'browser unsubscribed (404/410)' } : { kind: 'retry', error: lastError };
  }
}

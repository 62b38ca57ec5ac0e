// Row types of notifications: the in-app inbox, the outbox of external sends (WeChat, Web Push,
// SMS) with every attempt, and what each user agreed to receive on which channel.
import type { Generated } from 'kysely';

export interface NotificationInboxTable {
  id: Generated<number>;
  user_id: string;
  /** Null for a message about no single case (the weekly bulletin). */
  case_id: string | null;
  event_id: number;
  /** The case event type that caused it (dispatch, urge, reply …). */
  kind: string;
  title: string;
  body: string;
  /** Deep link into the client, e.g. /staff/pages/case/index?id=… (core caseLinkFor) */
  link: string;
  created_at: string;
  read_at: string | null;
}

export interface NotificationOutboxTable {
  id: Generated<number>;
  event_id: number;
  case_id: string;
  kind: string;
  /** `user:<id>` or `phone:<hash>` (a resident who phoned in without an account). */
  recipient: string;
  user_id: string | null;
  channel: 'wechat' | 'webpush' | 'sms';
  /** pending → sending → sent | dead; `superseded` when a fallback took over. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  /** title, body, url, the case facts templates map from, and the phone (encrypted) for SMS. */
  payload_json: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface NotificationAttemptsTable {
  id: Generated<number>;
  outbox_id: number;
  attempt: number;
  worker: string;
  started_at: string;
  finished_at: string | null;
  /** started | sent | retry | dead | fallback | interrupted */
  outcome: string;
  error: string | null;
}

export interface WechatSubscriptionsTable {
  user_id: string;
  template_id: string;
  /** one_time | long_term */
  kind: string;
  /** The user's last choice: accept | reject | ban | filter. */
  choice: string;
  /** One-time subscriptions left to send (each accept adds one); unused for long-term ones. */
  remaining: number;
  updated_at: string;
}

export interface PushSubscriptionsTable {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: string;
}

/**
 * A live-update stream: first a one-time ticket (id = SHA-256 of the ticket, which is never
 * stored), then, once redeemed, the open stream; `seen_at` moves with the heartbeat, so a stream
 * of an instance that died stops counting.
 */
export interface LiveStreamsTable {
  id: string;
  user_id: string;
  session_id: string;
  role: string;
  unit_id: string | null;
  created_at: string;
  expires_at: string;
  opened_at: string | null;
  seen_at: string | null;
  closed_at: string | null;
}

export interface NotificationTables {
  notification_inbox: NotificationInboxTable;
  notification_outbox: NotificationOutboxTable;
  notification_attempts: NotificationAttemptsTable;
  wechat_subscriptions: WechatSubscriptionsTable;
  push_subscriptions: PushSubscriptionsTable;
  live_streams: LiveStreamsTable;
}

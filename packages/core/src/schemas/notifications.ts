// Wire shapes of notifications: the in-app inbox, what a user chose in wx.requestSubscribeMessage,
// browser push subscriptions, and the admin's view of messages that could not be delivered.
import { z } from 'zod';

export const inboxItemSchema = z.object({
  id: z.number().int(),
  /** The case it is about; null for a message about many (the weekly bulletin). */
  caseId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** Where a tap leads in the client: the case's page. */
  link: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxQuerySchema = z.strictObject({
  /** Keyset: items older than this id (the previous page's nextBefore). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unread: z.enum(['0', '1']).optional(),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

export const inboxPageSchema = z.object({
  items: z.array(inboxItemSchema),
  nextBefore: z.number().int().nullable(),
});
export type InboxPage = z.infer<typeof inboxPageSchema>;

export const unreadCountSchema = z.object({ unread: z.number().int() });
export const inboxItemParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });

/** One entry of wx.requestSubscribeMessage's result: the template id and what the user chose. */
export const wechatSubscriptionChoiceSchema = z.strictObject({
  templateId: z.string().min(1).max(64),
  choice: z.enum(['accept', 'reject', 'ban', 'filter']),
  /** Long-term subscriptions (government services) are not used up by sending. */
  kind: z.enum(['one_time', 'long_term']).default('one_time'),
});

export const wechatSubscriptionsRequestSchema = z.strictObject({
  choices: z.array(wechatSubscriptionChoiceSchema).min(1).max(3),
});
export type WechatSubscriptionsRequest = z.infer<typeof wechatSubscriptionsRequestSchema>;

export const wechatSubscriptionSchema = z.object({
  templateId: z.string(),
  kind: z.enum(['one_time', 'long_term']),
  choice: z.enum(['accept', 'reject', 'ban', 'filter']),
  /** Messages that may still be sent on a one-time subscription. */
  remaining: z.number().int(),
});
export const wechatSubscriptionsResponseSchema = z.object({ subscriptions: z.array(wechatSubscriptionSchema) });
/** The subscription templates worth asking the caller for, most important first (WeChat takes 3 per tap). */
export const wechatTemplateOfferSchema = z.object({ templateIds: z.array(z.string()) });
export type WechatTemplateOffer = z.infer<typeof wechatTemplateOfferSchema>;

/** PushSubscription.toJSON() as browsers produce it. */
export const pushSubscriptionRequestSchema = z.strictObject({
  endpoint: z.url().max(1000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});
export type PushSubscriptionRequest = z.infer<typeof pushSubscriptionRequestSchema>;

export const pushSubscriptionResponseSchema = z.object({ id: z.string() });
export const vapidPublicKeySchema = z.object({ publicKey: z.string() });

/**
 * A one-time ticket for the live event stream: an EventSource cannot send headers, and an access
 * token in a URL ends up in logs and histories, so the stream's URL carries this instead.
 */
export const streamTicketSchema = z.object({ ticket: z.string(), expiresIn: z.number().int().positive() });
export type StreamTicket = z.infer<typeof streamTicketSchema>;
/** GET /api/me/events: the ticket, and where a reopened stream resumes (EventSource's Last-Event-ID). */
export const liveEventsQuerySchema = z.strictObject({
  ticket: z.string().min(1).max(100),
  lastEventId: z.string().regex(/^\d{1,15}$/).optional(),
});
export type LiveEventsQuery = z.infer<typeof liveEventsQuerySchema>;

/** What the service worker receives in a push event (JSON). */
export const pushPayloadSchema = z.object({ title: z.string(), body: z.string(), url: z.string() });
export type PushPayload = z.infer<typeof pushPayloadSchema>;

export const deadNotificationSchema = z.object({
  id: z.number().int(),
  caseId: z.string(),
  kind: z.string(),
  channel: z.string(),
  recipient: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  updatedAt: z.string(),
});
export const deadNotificationsSchema = z.object({ items: z.array(deadNotificationSchema) });
export const notificationIdParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });
export const notificationOkSchema = z.object({ ok: z.literal(true) });

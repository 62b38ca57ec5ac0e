// Hotline's typed API client: every endpoint as a method, responses validated
// with the shared zod schemas, errors mapped to ApiError.
import {
  categoryTreeResponseSchema,
  nearbyResponseSchema,
  pushSubscriptionResponseSchema,
  streamTicketSchema,
  vapidPublicKeySchema,
  wechatSubscriptionsResponseSchema,
  wechatTemplateOfferSchema,
  type CategoryTreeResponse,
  type FollowCaseRequest,
  type NearbyQuery,
  type NearbyResponse,
  type PushSubscriptionRequest,
  type RateRequest,
  type StreamTicket,
  type WechatSubscriptionsRequest,
  fileCaseResponseSchema,
  publishConsentResponseSchema,
  type PublishConsentResponse,
  healthResponseSchema,
  voiceSettingsSchema,
  type VoiceSettings,
  knowledgeSearchResponseSchema,
  meResponseSchema,
  myCasesResponseSchema,
  residentCaseDetailSchema,
  sessionResponseSchema,
  smsCodeResponseSchema,
  tokenResponseSchema,
  type DevLoginRequest,
  type FileCaseRequest,
  type FileCaseResponse,
  type HealthResponse,
  type KnowledgeSearchResponse,
  type MeResponse,
  type MyCasesResponse,
  type ResidentCaseDetail,
  type SessionResponse,
  type SmsCodeResponse,
  type TokenResponse,
} from '@hotline/core';
import { z } from 'zod';
import { createCaller, type ApiClientOptions } from './request';
import type { Transport } from './transport';

export interface MyCasesParams {
  status?: string;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface ApiClient {
  health(): Promise<HealthResponse>;
  /** Whether the server turns recordings into text (the mini-program's voice input). */
  voiceSettings(): Promise<VoiceSettings>;
  devLogin(body: DevLoginRequest): Promise<TokenResponse>;
  requestSmsCode(phone: string): Promise<SmsCodeResponse>;
  smsLogin(phone: string, code: string): Promise<SessionResponse>;
  /** Signs in the active staff account registered with this phone; never creates one. */
  staffSmsLogin(phone: string, code: string): Promise<SessionResponse>;
  refresh(refreshToken: string): Promise<SessionResponse>;
  me(): Promise<MeResponse>;
  searchKnowledge(q: string, limit?: number): Promise<KnowledgeSearchResponse>;
  myCases(params?: MyCasesParams): Promise<MyCasesResponse>;
  caseDetail(id: string): Promise<ResidentCaseDetail>;
  /** One key per draft: a retry with the same key answers the first result instead of filing twice. */
  fileCase(body: FileCaseRequest, idempotencyKey: string): Promise<FileCaseResponse>;
  wechatLogin(code: string): Promise<SessionResponse>;
  /** Binds the phone number of WeChat's getPhoneNumber button; answers the (possibly merged) account's session. */
  wechatPhone(code: string): Promise<SessionResponse>;
  logout(refreshToken: string): Promise<void>;
  categories(): Promise<CategoryTreeResponse>;
  nearbyCases(query: NearbyQuery): Promise<NearbyResponse>;
  followCase(id: string, body: FollowCaseRequest): Promise<ResidentCaseDetail>;
  supplement(id: string, text: string, mediaIds?: string[]): Promise<ResidentCaseDetail>;
  urge(id: string, note?: string): Promise<ResidentCaseDetail>;
  rate(id: string, body: RateRequest): Promise<ResidentCaseDetail>;
  reopen(id: string, reason: string): Promise<ResidentCaseDetail>;
  /** The filer agrees (or no longer agrees) that the closed case may be published after moderation. */
  publishConsent(id: string, consent: boolean): Promise<PublishConsentResponse>;
  saveWechatSubscriptions(body: WechatSubscriptionsRequest): Promise<unknown>;
  /** The templates worth asking this user for, most important first. */
  wechatTemplateOffer(): Promise<{ templateIds: string[] }>;
  /** Staff: bind (or unbind) the WeChat of this mini-program so messages reach them. */
  bindWechat(code: string): Promise<MeResponse>;
  unbindWechat(): Promise<MeResponse>;
  vapidPublicKey(): Promise<{ publicKey: string }>;
  savePushSubscription(body: PushSubscriptionRequest): Promise<{ id: string }>;
  /**
   * A one-time ticket for the live stream (see liveEventsPath); 429 TOO_MANY_STREAMS when this person
   * has the most streams open. A background request: its 401 neither renews nor ends the session.
   */
  streamTicket(): Promise<StreamTicket>;
}

/**
 * The live stream's path under the API base: only the one-time ticket, never an access token, and
 * where a reopened stream resumes (a new EventSource cannot send Last-Event-ID itself).
 */
export function liveEventsPath(ticket: string, lastEventId?: string | null): string {
  const resume = lastEventId && /^\d{1,15}$/.test(lastEventId) ? `&lastEventId=${lastEventId}` : '';
  return `/me/events?ticket=${encodeURIComponent(ticket)}${resume}`;
}

export function createApiClient(transport: Transport, options: ApiClientOptions = {}): ApiClient {
  const call = createCaller(transport, options);
  const anonymous = { anonymous: true };
  const caseUrl = (id: string, action?: string) => `/cases/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

  return {
    health: () => call({ method: 'GET', url: '/health' }, healthResponseSchema),
    voiceSettings: () => call({ method: 'GET', url: '/voice' }, voiceSettingsSchema, anonymous),
    devLogin: (body) => call({ method: 'POST', url: '/auth/dev-login', data: body }, tokenResponseSchema, anonymous),
    requestSmsCode: (phone) =>
      call({ method: 'POST', url: '/auth/sms-code', data: { phone } }, smsCodeResponseSchema, anonymous),
    smsLogin: (phone, code) =>
      call({ method: 'POST', url: '/auth/sms-login', data: { phone, code } }, sessionResponseSchema, anonymous),
    staffSmsLogin: (phone, code) =>
      call({ method: 'POST', url: '/auth/staff/sms-login', data: { phone, code } }, sessionResponseSchema, anonymous),
    refresh: (refreshToken) =>
      call({ method: 'POST', url: '/auth/refresh', data: { refreshToken } }, sessionResponseSchema, anonymous),
    me: () => call({ method: 'GET', url: '/me' }, meResponseSchema),
    searchKnowledge: (q, limit) =>
      call({ method: 'GET', url: '/knowledge', params: { q, limit } }, knowledgeSearchResponseSchema, anonymous),
    myCases: (params = {}) =>
      call(
        { method: 'GET', url: '/me/cases', params: { status: params.status, limit: params.limit, cursor: params.cursor } },
        myCasesResponseSchema,
      ),
    caseDetail: (id) => call({ method: 'GET', url: `/cases/${encodeURIComponent(id)}` }, residentCaseDetailSchema),
    fileCase: (body, idempotencyKey) =>
      call(
        { method: 'POST', url: '/cases', data: body, headers: { 'Idempotency-Key': idempotencyKey } },
        fileCaseResponseSchema,
      ),
    wechatLogin: (code) =>
      call({ method: 'POST', url: '/auth/wechat', data: { code } }, sessionResponseSchema, anonymous),
    wechatPhone: (code) => call({ method: 'POST', url: '/auth/wechat/phone', data: { code } }, sessionResponseSchema),
    logout: async (refreshToken) => {
      await call({ method: 'POST', url: '/auth/logout', data: { refreshToken } }, z.unknown(), anonymous);
    },
    categories: () => call({ method: 'GET', url: '/categories' }, categoryTreeResponseSchema, anonymous),
    nearbyCases: (query) =>
      call(
        {
          method: 'GET',
          url: '/cases/nearby',
          params: { category: query.category, lat: query.lat, lng: query.lng, coordinateSystem: query.coordinateSystem },
        },
        nearbyResponseSchema,
      ),
    followCase: (id, body) => call({ method: 'POST', url: caseUrl(id, 'follow'), data: body }, residentCaseDetailSchema),
    supplement: (id, text, mediaIds = []) =>
      call({ method: 'POST', url: caseUrl(id, 'supplement'), data: { text, mediaIds } }, residentCaseDetailSchema),
    urge: (id, note) =>
      call({ method: 'POST', url: caseUrl(id, 'urge'), data: note ? { note } : {} }, residentCaseDetailSchema),
    rate: (id, body) => call({ method: 'POST', url: caseUrl(id, 'rate'), data: body }, residentCaseDetailSchema),
    reopen: (id, reason) => call({ method: 'POST', url: caseUrl(id, 'reopen'), data: { reason } }, residentCaseDetailSchema),
    publishConsent: (id, consent) =>
      call({ method: 'POST', url: caseUrl(id, 'publish-consent'), data: { consent } }, publishConsentResponseSchema),
    saveWechatSubscriptions: (body) =>
      call({ method: 'POST', url: '/me/subscriptions/wechat', data: body }, wechatSubscriptionsResponseSchema),
    wechatTemplateOffer: () => call({ method: 'GET', url: '/me/subscriptions/wechat/offer' }, wechatTemplateOfferSchema),
    bindWechat: (code) => call({ method: 'POST', url: '/me/wechat', data: { code } }, meResponseSchema),
    unbindWechat: () => call({ method: 'DELETE', url: '/me/wechat' }, meResponseSchema),
    vapidPublicKey: () => call({ method: 'GET', url: '/push/vapid-public-key' }, vapidPublicKeySchema, anonymous),
    savePushSubscription: (body) =>
      call({ method: 'POST', url: '/me/subscriptions/push', data: body }, pushSubscriptionResponseSchema),
    streamTicket: () => call({ method: 'POST', url: '/me/events/tickets', data: {} }, streamTicketSchema, { background: true }),
  };
}

// Hotline's typed API client: every endpoint as a method, responses validated
// with the shared zod schemas, errors mapped to ApiError.
import {
  categoryTreeResponseSchema,
  errorResponseSchema,
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
import { z, type ZodType } from 'zod';
import { ApiError, INVALID_RESPONSE, NETWORK_ERROR, UNEXPECTED_RESPONSE } from './errors';
import type { HttpMethod, Transport, TransportRequest, TransportResponse } from './transport';

export interface ApiClientOptions {
  /** Returns the current access token, if any; called before every request. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Extra attempts for idempotent requests when no response arrived. */
  retries?: number;
  /** Wait before retry n (1-based), in milliseconds. */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Called once when a request sent with a token is answered 401; resolves true
   * when it obtained a new token (the request is then sent once more), false otherwise.
   */
  onUnauthorized?: () => Promise<boolean>;
}

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

/** Requests that must never trigger a token refresh (they are how tokens are obtained). */
type CallOptions = {
  anonymous?: boolean;
  /** A background request (the live stream's ticket): a 401 is answered as is, without renewing or ending the session. */
  background?: boolean;
};

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD']);

const defaultRetryDelay = (attempt: number): number => 300 * 2 ** (attempt - 1);

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

function responseOf(error: unknown): TransportResponse<unknown> | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = (error as { response?: unknown }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const { status, data, headers } = response as Partial<TransportResponse<unknown>>;
  if (typeof status !== 'number') return undefined;
  return { status, data, headers: headers ?? {} };
}

function toApiError(response: TransportResponse<unknown>): ApiError {
  const body = errorResponseSchema.safeParse(response.data);
  if (body.success) {
    return new ApiError({
      code: body.data.code,
      status: response.status,
      message: body.data.message,
      requestId: body.data.requestId,
      details: body.data.details,
    });
  }
  return new ApiError({
    code: UNEXPECTED_RESPONSE,
    status: response.status,
    message: `Unexpected response with status ${response.status}`,
    requestId: response.headers['x-request-id'],
  });
}

export function createApiClient(transport: Transport, options: ApiClientOptions = {}): ApiClient {
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;

  async function send(config: TransportRequest, anonymous: boolean, background = false): Promise<TransportResponse<unknown>> {
    const first = await sendOnce(config, anonymous);
    if (first.response.status !== 401 || !first.withToken || !options.onUnauthorized || background) return first.response;
    if (!(await options.onUnauthorized())) return first.response;
    return (await sendOnce(config, anonymous)).response;
  }

  async function sendOnce(
    config: TransportRequest,
    anonymous: boolean,
  ): Promise<{ response: TransportResponse<unknown>; withToken: boolean }> {
    const token = !anonymous && options.getToken ? await options.getToken() : undefined;
    const headers: Record<string, string> = { Accept: 'application/json', ...config.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    const attempts = IDEMPOTENT.has(config.method) ? retries + 1 : 1;

    for (let attempt = 1; ; attempt++) {
      try {
        return { response: await transport.request<unknown>({ ...config, headers }), withToken: Boolean(token) };
      } catch (error) {
        const response = responseOf(error);
        if (response) return { response, withToken: Boolean(token) };
        if (attempt >= attempts) {
          throw new ApiError({
            code: NETWORK_ERROR,
            status: 0,
            message: error instanceof Error ? error.message : 'Network error',
            cause: error,
          });
        }
        await sleep(retryDelayMs(attempt));
      }
    }
  }

  async function call<T>(config: TransportRequest, schema: ZodType<T>, callOptions: CallOptions = {}): Promise<T> {
    const response = await send(config, callOptions.anonymous ?? false, callOptions.background);
    if (response.status < 200 || response.status >= 300) throw toApiError(response);
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) {
      throw new ApiError({
        code: INVALID_RESPONSE,
        status: response.status,
        message: `Response of ${config.method} ${config.url} does not match its schema`,
        requestId: response.headers['x-request-id'],
        details: parsed.error.issues,
      });
    }
    return parsed.data;
  }

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

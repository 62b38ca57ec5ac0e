// The staff half of the API as typed methods: phone intake and caller history, the staff case
// view, one method per case action, queues and counts, the inbox, the directory and the measures.
// Same contract as createApiClient: bearer token from the getter, one renewal on 401, GETs
// retried when no answer came, error bodies mapped to ApiError, answers checked by the schemas.
import {
  callerCasesResponseSchema,
  dispatchSuggestionsSchema,
  errorResponseSchema,
  inboxPageSchema,
  knowledgeSearchResponseSchema,
  measuresResponseSchema,
  notificationOkSchema,
  queueCountsSchema,
  queuePageSchema,
  revealPhoneResponseSchema,
  staffCaseDetailSchema,
  staffCaseSummarySchema,
  staffDirectorySchema,
  unreadCountSchema,
  type CallerCasesResponse,
  type CasePhoneIntake,
  type DispatchSuggestions,
  type InboxPage,
  type KnowledgeSearchResponse,
  type MeasuresResponse,
  type QueueCounts,
  type QueueFilters,
  type QueuePage,
  type QueueTab,
  type RevealPhoneResponse,
  type StaffCaseDetail,
  type StaffCaseSummary,
  type StaffDirectory,
  type WorkspaceActionInput,
  type WorkspaceActionType,
  workspaceActionOf,
} from '@hotline/core';
import type { ZodType } from 'zod';
import type { ApiClientOptions } from './client';
import { ApiError, INVALID_RESPONSE, NETWORK_ERROR, UNEXPECTED_RESPONSE } from './errors';
import type { Transport, TransportRequest, TransportResponse } from './transport';

/** Case actions staff fire, each with its own route and body, as the action catalogue in @hotline/core describes them. */
export type StaffAction = WorkspaceActionType;
export type StaffActionBodies = { [A in StaffAction]: WorkspaceActionInput<A> };

/** The queue filters (township, category, channel, deadline state, text…) plus the page. */
export interface QueueQuery extends QueueFilters {
  cursor?: string;
  limit?: number;
}

export interface StaffApiClient {
  intakePhone(
    body: Partial<CasePhoneIntake> & Pick<CasePhoneIntake, 'callerPhone' | 'demandType' | 'description'>,
  ): Promise<StaffCaseSummary>;
  casesByCaller(phone: string): Promise<CallerCasesResponse>;
  staffCase(id: string): Promise<StaffCaseDetail>;
  /** The case with this tracking number (HL20261128-000123), if the reader may see it. */
  caseByTrackingNumber(trackingNumber: string): Promise<StaffCaseSummary>;
  revealPhone(id: string): Promise<RevealPhoneResponse>;
  dispatchSuggestions(id: string): Promise<DispatchSuggestions>;
  act<A extends StaffAction>(id: string, action: A, body: StaffActionBodies[A]): Promise<StaffCaseSummary>;
  queueCounts(filters?: QueueFilters): Promise<QueueCounts>;
  queue(tab: QueueTab, query?: QueueQuery): Promise<QueuePage>;
  inbox(query?: { before?: number; limit?: number; unread?: boolean }): Promise<InboxPage>;
  unreadCount(): Promise<{ unread: number }>;
  markRead(id: number): Promise<{ ok: true }>;
  directory(): Promise<StaffDirectory>;
  measures(from: string, to: string): Promise<MeasuresResponse>;
  searchKnowledge(q: string, limit?: number): Promise<KnowledgeSearchResponse>;
}

const defaultRetryDelay = (attempt: number): number => 300 * 2 ** (attempt - 1);
const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

function responseOf(error: unknown): TransportResponse<unknown> | undefined {
  const response = typeof error === 'object' && error !== null ? (error as { response?: unknown }).response : undefined;
  if (typeof response !== 'object' || response === null) return undefined;
  const { status, data, headers } = response as Partial<TransportResponse<unknown>>;
  return typeof status === 'number' ? { status, data, headers: headers ?? {} } : undefined;
}

function toApiError(response: TransportResponse<unknown>): ApiError {
  const body = errorResponseSchema.safeParse(response.data);
  if (body.success) {
    const { code, message, requestId, details } = body.data;
    return new ApiError({ code, status: response.status, message, requestId, details });
  }
  return new ApiError({
    code: UNEXPECTED_RESPONSE,
    status: response.status,
    message: `Unexpected response with status ${response.status}`,
    requestId: response.headers['x-request-id'],
  });
}

/** One typed call with the client's token, renewal, retry and error contract. */
export function createCaller(transport: Transport, options: ApiClientOptions = {}) {
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;

  async function sendOnce(config: TransportRequest) {
    const token = options.getToken ? await options.getToken() : undefined;
    const headers: Record<string, string> = { Accept: 'application/json', ...config.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    const attempts = config.method === 'GET' ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return { response: await transport.request<unknown>({ ...config, headers }), withToken: Boolean(token) };
      } catch (error) {
        const response = responseOf(error);
        if (response) return { response, withToken: Boolean(token) };
        if (attempt >= attempts) {
          const message = error instanceof Error ? error.message : 'Network error';
          throw new ApiError({ code: NETWORK_ERROR, status: 0, message, cause: error });
        }
        await sleep(retryDelayMs(attempt));
      }
    }
  }

  return async function call<T>(config: TransportRequest, schema: ZodType<T>): Promise<T> {
    const first = await sendOnce(config);
    let response = first.response;
    if (response.status === 401 && first.withToken && options.onUnauthorized && (await options.onUnauthorized())) {
      response = (await sendOnce(config)).response;
    }
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
  };
}

const path = (id: string) => `/staff/cases/${encodeURIComponent(id)}`;
/** The route segment the catalogue gives an action: rule_return → rule-return. */
export const actionRoute = (action: StaffAction): string => workspaceActionOf(action).path;

export function createStaffApiClient(transport: Transport, options: ApiClientOptions = {}): StaffApiClient {
  const call = createCaller(transport, options);
  return {
    intakePhone: (body) => call({ method: 'POST', url: '/cases/phone', data: body }, staffCaseSummarySchema),
    casesByCaller: (phone) =>
      call({ method: 'POST', url: '/cases/by-caller', data: { phone } }, callerCasesResponseSchema),
    staffCase: (id) => call({ method: 'GET', url: path(id) }, staffCaseDetailSchema),
    caseByTrackingNumber: (trackingNumber) =>
      call(
        { method: 'GET', url: `/staff/cases/by-tracking-number/${encodeURIComponent(trackingNumber.trim())}` },
        staffCaseSummarySchema,
      ),
    revealPhone: (id) => call({ method: 'POST', url: `${path(id)}/reveal-phone`, data: {} }, revealPhoneResponseSchema),
    dispatchSuggestions: (id) =>
      call({ method: 'GET', url: `${path(id)}/dispatch-suggestions` }, dispatchSuggestionsSchema),
    act: (id, action, body) =>
      call({ method: 'POST', url: `${path(id)}/${actionRoute(action)}`, data: body }, staffCaseSummarySchema),
    queueCounts: (filters = {}) =>
      call({ method: 'GET', url: '/queues/counts', params: { ...filters } }, queueCountsSchema),
    queue: (tab, query = {}) => call({ method: 'GET', url: `/queues/${tab}`, params: { ...query } }, queuePageSchema),
    inbox: (query = {}) =>
      call(
        {
          method: 'GET',
          url: '/me/inbox',
          params: {
            before: query.before,
            limit: query.limit,
            unread: query.unread === undefined ? undefined : query.unread ? '1' : '0',
          },
        },
        inboxPageSchema,
      ),
    unreadCount: () => call({ method: 'GET', url: '/me/inbox/unread-count' }, unreadCountSchema),
    markRead: (id) => call({ method: 'POST', url: `/me/inbox/${id}/read`, data: {} }, notificationOkSchema),
    directory: () => call({ method: 'GET', url: '/staff/directory' }, staffDirectorySchema),
    measures: (from, to) => call({ method: 'GET', url: '/measures', params: { from, to } }, measuresResponseSchema),
    searchKnowledge: (q, limit) =>
      call({ method: 'GET', url: '/knowledge', params: { q, limit } }, knowledgeSearchResponseSchema),
  };
}

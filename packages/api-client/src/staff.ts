// The staff half of the API as typed methods: phone intake and caller history, the staff case
// view, one method per case action, queues and counts, the inbox, the directory and the measures.
// Calls through the same request function as the resident's client (request.ts).
import {
  callerCasesResponseSchema,
  dispatchSuggestionsSchema,
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
import { createCaller, type ApiClientOptions } from './request';
import type { Transport } from './transport';

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

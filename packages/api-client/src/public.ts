// What anyone may read without signing in: published typical cases, the public statistics, the
// county's township outlines for the map, and a case's status by tracking number + last four
// phone digits. Same error and schema contract as the other clients, never a token.
import {
  lookupResponseSchema,
  publicCaseDetailSchema,
  publicCasesResponseSchema,
  publicMapSchema,
  publicStatisticsSchema,
  type LookupResponse,
  type PublicCaseDetail,
  type PublicCasesResponse,
  type PublicMap,
  type PublicStatistics,
} from '@hotline/core';
import type { ApiClientOptions } from './request';
import { createCaller } from './request';
import type { Transport } from './transport';

export interface PublicApiClient {
  cases(query?: { category?: string; township?: string; limit?: number }): Promise<PublicCasesResponse>;
  case(id: string): Promise<PublicCaseDetail>;
  statistics(month?: string): Promise<PublicStatistics>;
  map(): Promise<PublicMap>;
  lookup(trackingNumber: string, phoneLast4: string): Promise<LookupResponse>;
}

export function createPublicApiClient(transport: Transport, options: Omit<ApiClientOptions, 'getToken' | 'onUnauthorized'> = {}): PublicApiClient {
  const call = createCaller(transport, options);
  return {
    cases: (query = {}) =>
      call({ method: 'GET', url: '/public/cases', params: { category: query.category, township: query.township, limit: query.limit } }, publicCasesResponseSchema),
    case: (id) => call({ method: 'GET', url: `/public/cases/${encodeURIComponent(id)}` }, publicCaseDetailSchema),
    statistics: (month) => call({ method: 'GET', url: '/public/statistics', params: { month } }, publicStatisticsSchema),
    map: () => call({ method: 'GET', url: '/public/map' }, publicMapSchema),
    lookup: (trackingNumber, phoneLast4) =>
      call({ method: 'GET', url: '/cases/lookup', params: { trackingNumber, phoneLast4 } }, lookupResponseSchema),
  };
}

// The staff analytics as typed methods: measures ranked by unit, category or township with the
// previous period, trends by day, week or month, the hot-spot grid with a cell's cases, and the
// spike alerts and the repeated demands with the cases behind each.
import {
  analyticsMeasuresResponseSchema,
  bulletinSchema,
  bulletinsResponseSchema,
  topicDetailSchema,
  topicSchema,
  topicsResponseSchema,
  type Bulletin,
  type BulletinsResponse,
  type CreateTopic,
  type Topic,
  type TopicDetail,
  hotspotCasesResponseSchema,
  hotspotsResponseSchema,
  repeatDetailSchema,
  repeatsResponseSchema,
  spikeDetailSchema,
  spikesResponseSchema,
  trendsResponseSchema,
  type AnalyticsMeasuresResponse,
  type HotspotCasesResponse,
  type HotspotsResponse,
  type RepeatDetail,
  type RepeatsResponse,
  type SpikeDetail,
  type SpikesResponse,
  type TrendsResponse,
} from '@hotline/core';
import type { ApiClientOptions } from './request';
import { createCaller } from './request';
import type { Transport } from './transport';

export interface AnalyticsFilters {
  from: string;
  to: string;
  unitId?: string;
  categoryCode?: string;
  townshipCode?: string;
  channel?: string;
}

export interface AnalyticsApiClient {
  measures(query: AnalyticsFilters & { by: 'unit' | 'category' | 'township' }): Promise<AnalyticsMeasuresResponse>;
  trends(query: AnalyticsFilters & { interval: 'day' | 'week' | 'month' }): Promise<TrendsResponse>;
  hotspots(query: Pick<AnalyticsFilters, 'from' | 'to' | 'categoryCode' | 'townshipCode'>): Promise<HotspotsResponse>;
  hotspotCases(
    cell: string,
    query: Pick<AnalyticsFilters, 'from' | 'to' | 'categoryCode' | 'townshipCode'>,
  ): Promise<HotspotCasesResponse>;
  spikes(query: Pick<AnalyticsFilters, 'from' | 'to'>): Promise<SpikesResponse>;
  spike(id: number): Promise<SpikeDetail>;
  repeats(query: Pick<AnalyticsFilters, 'from' | 'to'>): Promise<RepeatsResponse>;
  repeat(id: number): Promise<RepeatDetail>;
  bulletins(): Promise<BulletinsResponse>;
  bulletin(id: number): Promise<Bulletin>;
  /** The path of a bulletin's PDF under the API's base URL (fetched with the access token by the platform's download). */
  bulletinPdfPath(id: number): string;
  topics(): Promise<{ items: Topic[] }>;
  topic(id: number): Promise<TopicDetail>;
  markTopic(body: CreateTopic): Promise<Topic>;
}

/** Drops empty filters so that "all" is no parameter at all. */
const paramsOf = (query: object): Record<string, string> =>
  Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;

export function createAnalyticsApiClient(transport: Transport, options: ApiClientOptions = {}): AnalyticsApiClient {
  const call = createCaller(transport, options);
  return {
    measures: (query) =>
      call({ method: 'GET', url: '/analytics/measures', params: paramsOf(query) }, analyticsMeasuresResponseSchema),
    trends: (query) => call({ method: 'GET', url: '/analytics/trends', params: paramsOf(query) }, trendsResponseSchema),
    hotspots: (query) =>
      call({ method: 'GET', url: '/analytics/hotspots', params: paramsOf(query) }, hotspotsResponseSchema),
    hotspotCases: (cell, query) =>
      call(
        { method: 'GET', url: `/analytics/hotspots/${encodeURIComponent(cell)}/cases`, params: paramsOf(query) },
        hotspotCasesResponseSchema,
      ),
    spikes: (query) => call({ method: 'GET', url: '/analytics/spikes', params: paramsOf(query) }, spikesResponseSchema),
    spike: (id) => call({ method: 'GET', url: `/analytics/spikes/${id}` }, spikeDetailSchema),
    repeats: (query) => call({ method: 'GET', url: '/analytics/repeats', params: paramsOf(query) }, repeatsResponseSchema),
    repeat: (id) => call({ method: 'GET', url: `/analytics/repeats/${id}` }, repeatDetailSchema),
    bulletins: () => call({ method: 'GET', url: '/analytics/bulletins' }, bulletinsResponseSchema),
    bulletin: (id) => call({ method: 'GET', url: `/analytics/bulletins/${id}` }, bulletinSchema),
    bulletinPdfPath: (id) => `/analytics/bulletins/${id}/pdf`,
    topics: () => call({ method: 'GET', url: '/analytics/topics' }, topicsResponseSchema),
    topic: (id) => call({ method: 'GET', url: `/analytics/topics/${id}` }, topicDetailSchema),
    markTopic: (body) => call({ method: 'POST', url: '/analytics/topics', data: body }, topicSchema),
  };
}

// Wire shapes of the staff analytics: measures by unit, category or township with the change
// from the previous period and a ranking; trends by day, week or month; the public statistics.
import { z } from 'zod';
import { isIsoDate } from '../shanghai-time';
import { channels, unitKinds } from '../vocabulary';
import { rollupCounters } from '../rollups';
import { measureRates } from '../measures';

const isoDate = z.string().refine(isIsoDate, '应为日期 YYYY-MM-DD');
/** The longest period any analytics query may cover. */
export const MAX_ANALYTICS_YEARS = 5;

const dayCount = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

const analyticsFilter = {
  /** First day (Shanghai), inclusive. */
  from: isoDate,
  /** Last day (Shanghai), inclusive. */
  to: isoDate,
  unitId: z.string().min(1).max(36).optional(),
  categoryCode: z.string().min(1).max(32).optional(),
  townshipCode: z.string().min(1).max(32).optional(),
  channel: z.enum(channels).optional(),
};

export function checkAnalyticsPeriod(q: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (q.from > q.to) ctx.addIssue({ code: 'custom', message: '开始日期不能晚于结束日期', path: ['to'] });
  else if (dayCount(q.from, q.to) > MAX_ANALYTICS_YEARS * 366)
    ctx.addIssue({ code: 'custom', message: `统计时段不能超过${MAX_ANALYTICS_YEARS}年`, path: ['to'] });
}

/** The fields of the measures query; the export adds its format to them. */
export const analyticsMeasuresFilterShape = { ...analyticsFilter, by: z.enum(['unit', 'category', 'township']).default('unit') };

export const analyticsMeasuresQuerySchema = z.strictObject(analyticsMeasuresFilterShape).superRefine(checkAnalyticsPeriod);
export type AnalyticsMeasuresQuery = z.infer<typeof analyticsMeasuresQuerySchema>;

export const trendsQuerySchema = z
  .strictObject({ ...analyticsFilter, interval: z.enum(['day', 'week', 'month']).default('day') })
  .superRefine(checkAnalyticsPeriod);
export type TrendsQuery = z.infer<typeof trendsQuerySchema>;

const rate = z.number().min(-1).max(1).nullable();
const countsSchema = z.object(Object.fromEntries(rollupCounters.map((c) => [c, z.number().int()])) as Record<(typeof rollupCounters)[number], z.ZodNumber>);
const ratesSchema = z.object(Object.fromEntries(measureRates.map((r) => [r, rate])) as Record<(typeof measureRates)[number], typeof rate>);

export const measureRowSchema = z.object({
  /** Unit id, category code or township code; '' for what belongs to none (filing at the centre). */
  key: z.string(),
  name: z.string(),
  unitKind: z.enum(unitKinds).nullable(),
  counts: countsSchema,
  rates: ratesSchema,
  averageReplyHours: z.number().nullable(),
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
  previous: z.object({ rates: ratesSchema, score: z.number().nullable(), rank: z.number().int().nullable() }),
  /** This period's rate minus the previous period's. */
  change: ratesSchema,
});
export type MeasureRow = z.infer<typeof measureRowSchema>;

export const analyticsMeasuresResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  previousTo: z.string(),
  by: z.enum(['unit', 'category', 'township']),
  rows: z.array(measureRowSchema),
  /** What each rate means (zh-CN), shown beside the figures. */
  definitions: z.record(z.string(), z.string()),
  notes: z.array(z.string()),
});
export type AnalyticsMeasuresResponse = z.infer<typeof analyticsMeasuresResponseSchema>;

export const trendPointSchema = z.object({
  /** The day, the Monday of the week, or 'YYYY-MM'. */
  period: z.string(),
  counts: countsSchema,
  rates: ratesSchema,
});
export const trendsResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  interval: z.enum(['day', 'week', 'month']),
  points: z.array(trendPointSchema),
});
export type TrendsResponse = z.infer<typeof trendsResponseSchema>;

/** The figures public pages may show for a month: no case, person or place below a township. */
export interface PublicMonthStatistics {
  month: string;
  filed: number;
  closed: number;
  topCategories: Array<{ code: string; name: string; filed: number }>;
  units: Array<{ unitId: string; code: string; name: string; rates: z.infer<typeof ratesSchema> }>;
}

export const hotspotsQuerySchema = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    categoryCode: z.string().min(1).max(32).optional(),
    townshipCode: z.string().min(1).max(32).optional(),
  })
  .superRefine(checkAnalyticsPeriod);
export type HotspotsQuery = z.infer<typeof hotspotsQuerySchema>;

/** A GeoJSON ring, [lng, lat] pairs (WGS-84), closed. */
const ring = z.array(z.tuple([z.number(), z.number()]));

export const hotspotsResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** H3 resolution of the cells (8 ≈ 0.74 km², ~500 m across). */
  resolution: z.number().int(),
  cells: z.array(z.object({ cell: z.string(), cases: z.number().int(), boundary: ring })),
  /** The townships' boundaries, drawn under the cells: the map needs no tile service. */
  townships: z.array(z.object({ code: z.string(), name: z.string(), geometry: z.unknown() })),
});
export type HotspotsResponse = z.infer<typeof hotspotsResponseSchema>;

export const hotspotCellParamsSchema = z.strictObject({ cell: z.string().regex(/^[0-9a-f]{15}$/, '应为 H3 单元编号') });
export const hotspotCasesResponseSchema = z.object({
  cell: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      trackingNumber: z.string(),
      status: z.string(),
      categoryCode: z.string().nullable(),
      createdAt: z.string(),
      /** The first 60 characters of the description; contact data never appears here. */
      summary: z.string(),
    }),
  ),
});
export type HotspotCasesResponse = z.infer<typeof hotspotCasesResponseSchema>;

/** A spike found by the EARS C2 rule (packages/core/src/spikes.ts) for one category × township and day. */
export const spikeSchema = z.object({
  id: z.number().int(),
  day: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  count: z.number().int(),
  /** The baseline's mean, sample SD and mean + 3 SD. */
  mean: z.number(),
  sd: z.number(),
  threshold: z.number(),
  detectedAt: z.string(),
});
export type Spike = z.infer<typeof spikeSchema>;

export const spikesQuerySchema = z
  .strictObject({ from: isoDate, to: isoDate })
  .superRefine(checkAnalyticsPeriod);
export type SpikesQuery = z.infer<typeof spikesQuerySchema>;
export const spikesResponseSchema = z.object({ items: z.array(spikeSchema) });
export type SpikesResponse = z.infer<typeof spikesResponseSchema>;

export const spikeParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });
export const spikeDetailSchema = spikeSchema.extend({
  /** The cases of that category and township filed that day. */
  cases: hotspotCasesResponseSchema.shape.items,
});
export type SpikeDetail = z.infer<typeof spikeDetailSchema>;

/** A repeated demand: cases of one category close together within 30 days, treated as one matter. */
export const repeatClusterSchema = z.object({
  id: z.number().int(),
  categoryCode: z.string(),
  categoryName: z.string(),
  /** The unit the matter's cases went to (its leaders were told), when any was dispatched. */
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  townshipName: z.string().nullable(),
  size: z.number().int(),
  radiusM: z.number().int(),
  firstFiledAt: z.string(),
  lastFiledAt: z.string(),
  createdAt: z.string(),
});
export type RepeatCluster = z.infer<typeof repeatClusterSchema>;
export const repeatsQuerySchema = z.strictObject({ from: isoDate, to: isoDate }).superRefine(checkAnalyticsPeriod);
export type RepeatsQuery = z.infer<typeof repeatsQuerySchema>;
export const repeatsResponseSchema = z.object({ items: z.array(repeatClusterSchema) });
export type RepeatsResponse = z.infer<typeof repeatsResponseSchema>;
export const repeatDetailSchema = repeatClusterSchema.extend({ cases: hotspotCasesResponseSchema.shape.items });
export type RepeatDetail = z.infer<typeof repeatDetailSchema>;

/** 每月一题: the matter (category + township) the centre takes up in a month. */
export const createTopicSchema = z.strictObject({
  /** YYYY-MM */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM'),
  categoryCode: z.string().min(1).max(32),
  townshipCode: z.string().min(1).max(32).optional(),
  title: z.string().trim().min(2).max(100),
});
export type CreateTopic = z.infer<typeof createTopicSchema>;
export const topicSchema = z.object({
  id: z.number().int(),
  month: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  townshipCode: z.string().nullable(),
  townshipName: z.string().nullable(),
  title: z.string(),
  createdAt: z.string(),
});
export type Topic = z.infer<typeof topicSchema>;
export const topicsResponseSchema = z.object({ items: z.array(topicSchema) });
export const topicDetailSchema = topicSchema.extend({
  /** Month by month, 6 months before the topic's month to 6 after (no later than this month): volume and rates of the matter. */
  months: z.array(trendPointSchema.extend({ phase: z.enum(['before', 'topic', 'after']) })),
});
export type TopicDetail = z.infer<typeof topicDetailSchema>;

// Wire shape of the public statistics page: volume this month and before, the top categories,
// and each unit's 三率 and on-time rate (the monthly ranking counties publish).
import { z } from 'zod';

export const publicStatisticsQuerySchema = z.strictObject({
  /** YYYY-MM (Shanghai); the current month when left out. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional(),
});
export type PublicStatisticsQuery = z.infer<typeof publicStatisticsQuerySchema>;

const rate = z.number().min(0).max(1).nullable();

export const publicStatisticsSchema = z.object({
  month: z.string(),
  /** Cases filed per month, oldest first, ending with `month` (six months). */
  volume: z.array(z.object({ month: z.string(), filed: z.number().int() })),
  topCategories: z.array(z.object({ code: z.string(), name: z.string(), filed: z.number().int() })),
  units: z.array(
    z.object({
      name: z.string(),
      responseRate: rate,
      resolutionRate: rate,
      satisfactionRate: rate,
      onTimeRate: rate,
    }),
  ),
});
export type PublicStatistics = z.infer<typeof publicStatisticsSchema>;

/** The county's townships as outlines for the public map (the seed GeoJSON; no online tiles). */
export const publicMapSchema = z.object({
  townships: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** Outer rings of the polygon(s), [lng, lat] pairs, WGS-84. */
      rings: z.array(z.array(z.tuple([z.number(), z.number()]))),
    }),
  ),
});
export type PublicMap = z.infer<typeof publicMapSchema>;

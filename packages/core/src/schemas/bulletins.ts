// Wire shapes of the weekly bulletin (周报): last week's figures as the scheduler issued them on
// Monday — volume and the change from the week before, the busiest categories and townships, the
// units' 三率 ranking, the spikes and repeated demands of the week, and the overdue cases then open.
import { z } from 'zod';
import { measureRowSchema } from './analytics';

const rates = measureRowSchema.shape.rates;

const placeCount = z.object({ code: z.string(), name: z.string(), filed: z.number().int(), previousFiled: z.number().int() });

export const bulletinContentSchema = z.object({
  /** Monday and Sunday of the week (Asia/Shanghai), and of the week before. */
  weekStart: z.string(),
  weekEnd: z.string(),
  previousWeekStart: z.string(),
  previousWeekEnd: z.string(),
  volume: z.object({
    filed: z.number().int(),
    previousFiled: z.number().int(),
    /** (filed − previous) / previous; null when the week before had none. */
    change: z.number().nullable(),
    closed: z.number().int(),
  }),
  rates,
  previousRates: rates,
  topCategories: z.array(placeCount),
  topTownships: z.array(placeCount),
  /** Units ranked by the mean of the 三率 and the on-time rate, with last week's rank. */
  ranking: z.array(
    z.object({
      unitId: z.string(),
      name: z.string(),
      rank: z.number().int().nullable(),
      previousRank: z.number().int().nullable(),
      score: z.number().nullable(),
      rates,
    }),
  ),
  spikes: z.array(z.object({ id: z.number().int(), day: z.string(), categoryName: z.string(), townshipName: z.string(), count: z.number().int() })),
  repeats: z.array(
    z.object({ id: z.number().int(), categoryName: z.string(), townshipName: z.string().nullable(), unitName: z.string().nullable(), size: z.number().int() }),
  ),
  /** Open cases past their deadline when the bulletin was built. */
  overdue: z.object({
    total: z.number().int(),
    units: z.array(z.object({ unitId: z.string(), name: z.string(), count: z.number().int() })),
  }),
});
export type BulletinContent = z.infer<typeof bulletinContentSchema>;

export const bulletinSummarySchema = z.object({
  id: z.number().int(),
  weekStart: z.string(),
  weekEnd: z.string(),
  builtAt: z.string(),
  filed: z.number().int(),
  change: z.number().nullable(),
});
export type BulletinSummary = z.infer<typeof bulletinSummarySchema>;
export const bulletinsResponseSchema = z.object({ items: z.array(bulletinSummarySchema) });
export type BulletinsResponse = z.infer<typeof bulletinsResponseSchema>;

export const bulletinSchema = bulletinSummarySchema.extend({ content: bulletinContentSchema });
export type Bulletin = z.infer<typeof bulletinSchema>;

export const bulletinParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });

/** The week a bulletin covers when built at a moment: the Monday–Sunday before the Shanghai week of `today`. */
export function bulletinWeekOf(today: string): { weekStart: string; weekEnd: string; previousWeekStart: string; previousWeekEnd: string } {
  const day = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const d = new Date(`${today}T00:00:00Z`);
  const monday = day(today, -((d.getUTCDay() + 6) % 7));
  return { weekStart: day(monday, -7), weekEnd: day(monday, -1), previousWeekStart: day(monday, -14), previousWeekEnd: day(monday, -8) };
}

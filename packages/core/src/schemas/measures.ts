// Wire shapes of the unit measures (三率 and the rest) for a period, and of the staff directory
// (units and categories) that the staff pickers and the measures table name units by.
import { z } from 'zod';
import { isIsoDate } from '../shanghai-time';
import { categoryDuties } from './admin';
import { unitKinds } from '../vocabulary';
import { timeLimitPolicySchema, workCalendarConfigSchema } from '../policy';

const isoDate = z.string().refine(isIsoDate, '应为日期 YYYY-MM-DD');

export const measuresQuerySchema = z
  .strictObject({
    /** First day of the period (Shanghai), inclusive. */
    from: isoDate,
    /** Last day of the period (Shanghai), inclusive. */
    to: isoDate,
  })
  .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] });
export type MeasuresQuery = z.infer<typeof measuresQuerySchema>;

/** A rate is null when nothing was counted for it in the period (no denominator). */
const rate = z.number().min(0).max(1).nullable();

export const unitMeasuresSchema = z.object({
  unitId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
  dispatched: z.number().int(),
  signedInTime: z.number().int(),
  /** 响应率 */
  responseRate: rate,
  rated: z.number().int(),
  solved: z.number().int(),
  satisfied: z.number().int(),
  /** 解决率 */
  resolutionRate: rate,
  /** 满意率 */
  satisfactionRate: rate,
  replied: z.number().int(),
  repliedOnTime: z.number().int(),
  /** 按时办结率 */
  onTimeRate: rate,
  returned: z.number().int(),
  /** 退单率 */
  returnRate: rate,
  sentBack: z.number().int(),
  /** 发回重办率 */
  sentBackRate: rate,
});
export type UnitMeasures = z.infer<typeof unitMeasuresSchema>;

export const measuresResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  units: z.array(unitMeasuresSchema),
});
export type MeasuresResponse = z.infer<typeof measuresResponseSchema>;

export const directoryUnitSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
  parentId: z.string().nullable(),
  /** The township's or village's area code (cases carry these). */
  areaCode: z.string().nullable(),
});
export type DirectoryUnit = z.infer<typeof directoryUnitSchema>;

export const directoryCategorySchema = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  isLeaf: z.boolean(),
  duty: z.enum(categoryDuties).nullable(),
});
export type DirectoryCategory = z.infer<typeof directoryCategorySchema>;

export const staffDirectorySchema = z.object({
  units: z.array(directoryUnitSchema),
  categories: z.array(directoryCategorySchema),
  /** The admin's time limits and working calendar, so that countdowns match the server's deadlines. */
  timeRules: z.object({ policy: timeLimitPolicySchema, calendar: workCalendarConfigSchema }),
});
export type StaffDirectory = z.infer<typeof staffDirectorySchema>;

// Wire shapes of the admin API: the time-limit policy, the holiday calendar, units, categories,
// the dispatch catalogue, staff users and the audit trail of every edit.
import { z } from 'zod';
import { officeHoursSchema, timeLimitPolicySchema } from '../policy';
import { categoryQuestionSchema, categoryQuestionsSchema } from '../category-questions';
import { isIsoDate } from '../shanghai-time';
import { demandTypes, roles, unitKinds } from '../vocabulary';

const isoDate = z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD');
const code = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '编码只能包含字母、数字、下划线和连字符，最多32位');
const name = z.string().trim().min(1).max(100);

export const policyResponseSchema = z.object({
  policy: timeLimitPolicySchema,
  /** True while no admin has saved a policy: the built-in defaults apply. */
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type PolicyResponse = z.infer<typeof policyResponseSchema>;

/** Office hours in Shanghai time: working time (and so every deadline) counts only inside them. */
export const officeHoursRequestSchema = z.strictObject({ periods: officeHoursSchema });
export type OfficeHoursRequest = z.infer<typeof officeHoursRequestSchema>;
export const officeHoursResponseSchema = z.object({
  periods: z.array(z.object({ start: z.string(), end: z.string() })),
  /** True while no admin has saved office hours: 09:00–12:00 and 13:30–17:30 apply. */
  isDefault: z.boolean(),
});
export type OfficeHoursResponse = z.infer<typeof officeHoursResponseSchema>;

export const calendarYearQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
});

export const calendarDayKinds = ['holiday', 'workday'] as const;

export const calendarDaySchema = z.object({
  date: z.string(),
  kind: z.enum(calendarDayKinds),
  note: z.string().nullable(),
});

export const calendarYearResponseSchema = z.object({
  year: z.number().int(),
  /** Days the admin declared; they win over the library. */
  overrides: z.array(calendarDaySchema.extend({ updatedAt: z.string() })),
  /** Holidays and adjusted workdays the built-in calendar data (chinese-days) knows for the year. */
  library: z.array(z.object({ date: z.string(), kind: z.enum(calendarDayKinds) })),
  /** Whether the built-in data covers the year at all; when not, only weekends are days off. */
  libraryCoversYear: z.boolean(),
});
export type CalendarYearResponse = z.infer<typeof calendarYearResponseSchema>;

export const calendarDateParamsSchema = z.strictObject({ date: isoDate });
export const putCalendarDayRequestSchema = z.strictObject({
  kind: z.enum(calendarDayKinds),
  note: z.string().trim().max(200).optional(),
});
export type PutCalendarDayRequest = z.infer<typeof putCalendarDayRequestSchema>;

export const adminUnitSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
  parentId: z.string().nullable(),
  areaCode: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
});
export type AdminUnit = z.infer<typeof adminUnitSchema>;

export const createUnitRequestSchema = z.strictObject({
  code,
  name,
  kind: z.enum(['department', 'township', 'village']),
  /** Required for a village: its township. */
  parentId: z.string().min(1).max(36).optional(),
  areaCode: z.string().min(1).max(32).optional(),
  phone: z.string().trim().min(3).max(32).optional(),
});
export type CreateUnitRequest = z.infer<typeof createUnitRequestSchema>;

export const updateUnitRequestSchema = z
  .strictObject({
    name: name.optional(),
    active: z.boolean().optional(),
    phone: z.string().trim().min(3).max(32).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, '至少修改一项');
export type UpdateUnitRequest = z.infer<typeof updateUnitRequestSchema>;

export const idParamsSchema = z.strictObject({ id: z.string().min(1).max(36) });
export const codeParamsSchema = z.strictObject({ code });

export const categoryDuties = ['county', 'township'] as const;

export const adminCategorySchema = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  depth: z.number().int(),
  isLeaf: z.boolean(),
  defaultDemandType: z.enum(demandTypes).nullable(),
  duty: z.enum(categoryDuties).nullable(),
  nearbyRadiusM: z.number().int(),
});
export type AdminCategory = z.infer<typeof adminCategorySchema>;

const radius = z.number().int().min(10).max(10_000);

export const createCategoryRequestSchema = z.discriminatedUnion('isLeaf', [
  z.strictObject({ isLeaf: z.literal(false), code, name, parentCode: code.optional() }),
  z.strictObject({
    isLeaf: z.literal(true),
    code,
    name,
    parentCode: code,
    duty: z.enum(categoryDuties),
    defaultDemandType: z.enum(demandTypes),
    nearbyRadiusM: radius.optional(),
  }),
]);
export type CreateCategoryRequest = z.infer<typeof createCategoryRequestSchema>;

export const updateCategoryRequestSchema = z
  .strictObject({
    name: name.optional(),
    duty: z.enum(categoryDuties).optional(),
    defaultDemandType: z.enum(demandTypes).optional(),
    nearbyRadiusM: radius.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, '至少修改一项');
export type UpdateCategoryRequest = z.infer<typeof updateCategoryRequestSchema>;

export const catalogueRoles = ['lead', 'assist'] as const;

export const catalogueRuleSchema = z.object({
  id: z.number().int(),
  categoryCode: z.string(),
  areaCode: z.string().nullable(),
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  role: z.enum(catalogueRoles),
});
export type CatalogueRule = z.infer<typeof catalogueRuleSchema>;

export const catalogueQuerySchema = z.strictObject({ categoryCode: code });
export const createCatalogueRuleRequestSchema = z.strictObject({
  categoryCode: code,
  /** Null: county-wide. */
  areaCode: z.string().min(1).max(32).nullable(),
  unitId: z.string().min(1).max(36),
  role: z.enum(catalogueRoles),
});
export type CreateCatalogueRuleRequest = z.infer<typeof createCatalogueRuleRequestSchema>;
export const catalogueRuleParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });

export const staffRoles = [
  'operator',
  'dispatcher',
  'supervisor',
  'handler',
  'unit_manager',
  'analyst',
  'admin',
] as const satisfies readonly (typeof roles)[number][];

export const adminUserSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  name: z.string(),
  role: z.enum(roles),
  unitId: z.string().nullable(),
  /** Masked: an admin manages accounts, not residents' or staff's phone numbers. */
  phone: z.string().nullable(),
  disabled: z.boolean(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const usersQuerySchema = z.strictObject({
  unitId: z.string().min(1).max(36).optional(),
  role: z.enum(roles).optional(),
});

export const createUserRequestSchema = z.strictObject({
  username: z.string().regex(/^[a-z0-9_.-]{3,64}$/, '用户名为3-64位小写字母、数字或 _ . -'),
  name,
  role: z.enum(staffRoles),
  unitId: z.string().min(1).max(36),
  phone: z
    .string()
    .regex(/^1\d{10}$/, '手机号格式不正确')
    .optional(),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z.strictObject({ disabled: z.boolean() });
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const adminAuditEntities = [
  'policy',
  'calendar',
  'office_hours',
  'retention',
  'unit',
  'category',
  'catalogue',
  'user',
  'questions',
  'open311_key',
] as const;
export type AdminAuditEntity = (typeof adminAuditEntities)[number];

export const adminAuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string(),
  entity: z.enum(adminAuditEntities),
  entityKey: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AdminAuditEntry = z.infer<typeof adminAuditEntrySchema>;

export const adminAuditQuerySchema = z.strictObject({
  entity: z.enum(adminAuditEntities).optional(),
  /** Entries older than this id (the previous page's nextCursor). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const adminAuditPageSchema = z.object({
  items: z.array(adminAuditEntrySchema),
  nextCursor: z.number().int().nullable(),
});

// ---- questions per category ----------------------------------------------------------------
export const putCategoryQuestionsRequestSchema = z.strictObject({
  /** The whole list in the order it is asked; it replaces what was there. */
  questions: categoryQuestionsSchema,
});
export type PutCategoryQuestionsRequest = z.infer<typeof putCategoryQuestionsRequestSchema>;
export const categoryQuestionsResponseSchema = z.object({
  categoryCode: z.string(),
  categoryName: z.string(),
  questions: z.array(categoryQuestionSchema),
});
export type CategoryQuestionsResponse = z.infer<typeof categoryQuestionsResponseSchema>;

// ---- Open311 API keys ----------------------------------------------------------------------
export const createOpen311KeyRequestSchema = z.strictObject({
  /** Who uses it, e.g. the civic app's name. */
  name,
  /** Requests a minute this key may make (default 60). */
  requestsPerMinute: z.number().int().min(1).max(6000).default(60),
});
export type CreateOpen311KeyRequest = z.infer<typeof createOpen311KeyRequestSchema>;
export const open311KeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the key, to recognise it; the key itself is stored only hashed. */
  prefix: z.string(),
  requestsPerMinute: z.number().int(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type Open311Key = z.infer<typeof open311KeySchema>;
export const createdOpen311KeySchema = open311KeySchema.extend({
  /** Shown this once; nobody can read it again. */
  key: z.string(),
});
export type CreatedOpen311Key = z.infer<typeof createdOpen311KeySchema>;

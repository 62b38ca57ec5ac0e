// Wire shapes of the admin API: the time-limit policy, the holiday calendar, units, categories,
// the dispatch catalogue, staff users and the audit trail of every edit.
import { z } from 'zod';
import { officeHoursSchema, timeLimitPolicySchema } from '../policy';
import { categoryQuestionSchema, categoryQuestionsSchema } from '../category-questions';
import { isIsoDate } from '../shanghai-time';
import { demandTypes, roles, staffRoles, unitKinds } from '../vocabulary';
import { dispatchSuggestionsSchema } from './workflow';

const isoDate = z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD');
const code = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '编码只能包含字母、数字、下划线和连字符，最多32位');
const name = z.string().trim().min(1).max(100);
/** The version the editor saw: an edit made meanwhile by someone else answers CONFLICT instead of being overwritten. */
const expectedVersion = z.number().int().positive();
/** The same for a rule that may not have been saved yet: 0 = the editor saw the defaults (or no override). */
const expectedSettingVersion = z.number().int().min(0);

export const policyResponseSchema = z.object({
  policy: timeLimitPolicySchema,
  /** True while no admin has saved a policy: the built-in defaults apply. */
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** 0 while the defaults apply; a save names it as `expectedVersion`. */
  version: z.number().int(),
});
export type PolicyResponse = z.infer<typeof policyResponseSchema>;

/** The whole policy, and optionally the version it was edited from (a stale one answers CONFLICT). */
export const putPolicyRequestSchema = timeLimitPolicySchema.extend({ expectedVersion: expectedSettingVersion.optional() });
export type PutPolicyRequest = z.infer<typeof putPolicyRequestSchema>;

/** Office hours in Shanghai time: working time (and so every deadline) counts only inside them. */
export const officeHoursRequestSchema = z.strictObject({
  periods: officeHoursSchema,
  expectedVersion: expectedSettingVersion.optional(),
});
export type OfficeHoursRequest = z.infer<typeof officeHoursRequestSchema>;
export const officeHoursResponseSchema = z.object({
  periods: z.array(z.object({ start: z.string(), end: z.string() })),
  /** True while no admin has saved office hours: 09:00–12:00 and 13:30–17:30 apply. */
  isDefault: z.boolean(),
  /** 0 while the defaults apply. */
  version: z.number().int(),
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
  overrides: z.array(calendarDaySchema.extend({ updatedAt: z.string(), version: z.number().int() })),
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
  /** The day's version as the editor saw it: 0 when it had no override. */
  expectedVersion: expectedSettingVersion.optional(),
});
export type PutCalendarDayRequest = z.infer<typeof putCalendarDayRequestSchema>;
export const deleteCalendarDayQuerySchema = z.strictObject({
  expectedVersion: z.coerce.number().int().positive().optional(),
});

export const adminUnitSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
  parentId: z.string().nullable(),
  areaCode: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  /** Cases not yet closed that the unit leads, holds or answers for. */
  openCases: z.number().int(),
  version: z.number().int(),
});
export type AdminUnit = z.infer<typeof adminUnitSchema>;

const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** A boundary as GeoJSON (WGS-84, [lng, lat]): one closed outer ring of at least three corners. */
export const areaPolygonSchema = z.strictObject({
  type: z.literal('Polygon'),
  coordinates: z
    .array(z.array(lngLat).min(4).max(5000))
    .min(1)
    .max(1)
    .refine((rings) => {
      const ring = rings[0] ?? [];
      const [first, last] = [ring[0], ring[ring.length - 1]];
      return !!first && !!last && first[0] === last[0] && first[1] === last[1];
    }, '边界必须闭合：最后一个点应与第一个点相同'),
});
export type AreaPolygon = z.infer<typeof areaPolygonSchema>;

/** A new township or village area drawn for a new unit (e.g. after a boundary change). */
export const newAreaSchema = z.strictObject({
  code: z.string().regex(/^\d{6,32}$/, '区划代码应为6到32位数字'),
  name,
  boundary: areaPolygonSchema,
});
export type NewArea = z.infer<typeof newAreaSchema>;

export const createUnitRequestSchema = z
  .strictObject({
    code,
    name,
    kind: z.enum(['department', 'township', 'village']),
    /** Required for a village: its township. */
    parentId: z.string().min(1).max(36).optional(),
    /** An existing area the unit serves... */
    areaCode: z.string().min(1).max(32).optional(),
    /** ...or a new one, with its boundary. */
    newArea: newAreaSchema.optional(),
    phone: z.string().trim().min(3).max(32).optional(),
  })
  .refine((v) => !(v.areaCode && v.newArea), { message: '已有区域和新区域只能选一个', path: ['newArea'] })
  .refine((v) => !v.newArea || v.kind !== 'department', { message: '县直部门没有区域', path: ['newArea'] });
export type CreateUnitRequest = z.infer<typeof createUnitRequestSchema>;

export const updateUnitRequestSchema = z
  .strictObject({
    name: name.optional(),
    active: z.boolean().optional(),
    phone: z.string().trim().min(3).max(32).nullable().optional(),
    expectedVersion: expectedVersion.optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'expectedVersion'), '至少修改一项');
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
  version: z.number().int(),
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
    expectedVersion: expectedVersion.optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'expectedVersion'), '至少修改一项');
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

/** The "what would happen" tester: a category and a point (WGS-84) → the units the catalogue names. */
export const catalogueTrialQuerySchema = z.strictObject({
  categoryCode: code,
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
});
export type CatalogueTrialQuery = z.infer<typeof catalogueTrialQuerySchema>;
export const catalogueTrialResponseSchema = dispatchSuggestionsSchema.extend({
  township: z.object({ code: z.string(), name: z.string() }).nullable(),
  village: z.object({ code: z.string(), name: z.string() }).nullable(),
});
export type CatalogueTrialResponse = z.infer<typeof catalogueTrialResponseSchema>;

export const adminAreaSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['township', 'village']),
  parentCode: z.string().nullable(),
});
export type AdminArea = z.infer<typeof adminAreaSchema>;

export const adminUserSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  name: z.string(),
  role: z.enum(roles),
  unitId: z.string().nullable(),
  /** Masked: an admin manages accounts, not residents' or staff's phone numbers. */
  phone: z.string().nullable(),
  disabled: z.boolean(),
  /** When the account last signed in (a new session, not a token renewal); null if never. */
  lastSignInAt: z.string().nullable(),
  version: z.number().int(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const usersQuerySchema = z.strictObject({
  unitId: z.string().min(1).max(36).optional(),
  role: z.enum(roles).optional(),
  /** Part of the name or username. */
  q: z.string().trim().max(50).optional(),
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

/** Disabling the account, or giving it a new role or unit, ends its sessions: it signs in again as what it now is. */
export const updateUserRequestSchema = z
  .strictObject({
    disabled: z.boolean().optional(),
    role: z.enum(staffRoles).optional(),
    unitId: z.string().min(1).max(36).optional(),
    expectedVersion: expectedVersion.optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'expectedVersion'), '至少修改一项');
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const adminAuditEntities = [
  'policy',
  'calendar',
  'office_hours',
  'retention',
  'retention_run',
  'unit',
  'category',
  'catalogue',
  'user',
  'questions',
  'open311_key',
  /** A file of cases or measures someone downloaded (who, when, which filters). */
  'export',
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

/** The last run of a scheduled job (deadline flags, supervision, purges, retention), for the health page. */
export const schedulerRunSchema = z.object({
  job: z.string(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  /** Which API instance held the lease. */
  instance: z.string(),
  ok: z.boolean(),
  error: z.string().nullable(),
  /** What the run did, by count (warned, overdue, supervised, purged …). */
  report: z.record(z.string(), z.union([z.number(), z.boolean()])),
});
export type SchedulerRunDto = Omit<z.infer<typeof schedulerRunSchema>, 'report'>;
export const schedulerStatusSchema = z.object({
  /** 0 when this instance runs no scheduler. */
  intervalMs: z.number().int(),
  runs: z.array(schedulerRunSchema),
});
export type SchedulerStatus = z.infer<typeof schedulerStatusSchema>;

/** How the outside channels are set up (from the server's configuration), with WeChat's field rules checked. */
export const integrationsStatusSchema = z.object({
  wechat: z.object({
    /** App id and secret present: residents and staff can sign in and bind WeChat. */
    configured: z.boolean(),
    templates: z.array(
      z.object({
        kind: z.string(),
        templateId: z.string(),
        fields: z.array(
          z.object({
            keyword: z.string(),
            /** WeChat's field kind, from the keyword's prefix (thing, phrase, time …). */
            rule: z.string(),
            fact: z.string(),
            /** What a typical message puts in the field once fitted to the rule. */
            sample: z.string(),
            ok: z.boolean(),
            problem: z.string().nullable(),
          }),
        ),
      }),
    ),
    /** Notification kinds without a template: they reach people through the inbox, Web Push or SMS. */
    kindsWithoutTemplate: z.array(z.string()),
  }),
  sms: z.object({
    gateway: z.enum(['tencent', 'log']),
    templates: z.array(z.object({ key: z.string(), templateId: z.string().nullable(), purpose: z.string() })),
  }),
  webPush: z.object({ vapidPublicKey: z.string().nullable() }),
});
export type IntegrationsStatus = z.infer<typeof integrationsStatusSchema>;
// ---- questions per category ----------------------------------------------------------------
export const putCategoryQuestionsRequestSchema = z.strictObject({
  /** The whole list in the order it is asked; it replaces what was there. */
  questions: categoryQuestionsSchema,
  /** The category's version the list was edited from (a stale one answers CONFLICT). */
  expectedVersion: expectedVersion.optional(),
});
export type PutCategoryQuestionsRequest = z.infer<typeof putCategoryQuestionsRequestSchema>;
export const categoryQuestionsResponseSchema = z.object({
  categoryCode: z.string(),
  categoryName: z.string(),
  questions: z.array(categoryQuestionSchema),
  /** The category's version (saving the questions bumps it). */
  version: z.number().int(),
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

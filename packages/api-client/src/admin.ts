// The admin half of the API as typed methods: units and areas, staff accounts, categories, the
// dispatch catalogue and its tester, time limits, office hours, the calendar and the audit trail.
// Same contract as the other clients (one caller: token, one renewal on 401, error mapping, answers
// checked by the schemas).
import {
  adminAreaSchema,
  adminAuditPageSchema,
  adminCategorySchema,
  adminUnitSchema,
  adminUserSchema,
  categoryQuestionsResponseSchema,
  type CategoryQuestion,
  type CategoryQuestionsResponse,
  auditReportSchema,
  deadNotificationsSchema,
  healthResponseSchema,
  integrationsStatusSchema,
  type IntegrationsStatus,
  createdOpen311KeySchema,
  open311KeySchema,
  type CreatedOpen311Key,
  type CreateOpen311KeyRequest,
  type Open311Key,
  notificationOkSchema,
  schedulerStatusSchema,
  type AuditReportDto,
  type HealthResponse,
  type SchedulerStatus,
  calendarYearResponseSchema,
  catalogueRuleSchema,
  catalogueTrialResponseSchema,
  officeHoursResponseSchema,
  policyResponseSchema,
  type AdminArea,
  type AdminAuditEntity,
  type AdminCategory,
  type AdminUnit,
  type AdminUser,
  type CalendarYearResponse,
  type CatalogueRule,
  type CatalogueTrialQuery,
  type CatalogueTrialResponse,
  type CreateCatalogueRuleRequest,
  type CreateUnitRequest,
  type CreateUserRequest,
  type OfficeHoursRequest,
  type OfficeHoursResponse,
  type PolicyResponse,
  type PutCalendarDayRequest,
  type TimeLimitPolicy,
  type UpdateCategoryRequest,
  type UpdateUnitRequest,
  type UpdateUserRequest,
} from '@hotline/core';
import { z } from 'zod';
import type { ApiClientOptions } from './request';
import { createCaller } from './request';
import type { Transport } from './transport';

export type AdminAuditPage = z.infer<typeof adminAuditPageSchema>;
export type CalendarOverride = CalendarYearResponse['overrides'][number];

export interface AdminApiClient {
  units(): Promise<AdminUnit[]>;
  createUnit(body: CreateUnitRequest): Promise<AdminUnit>;
  updateUnit(id: string, body: UpdateUnitRequest): Promise<AdminUnit>;
  areas(): Promise<AdminArea[]>;
  users(query?: { unitId?: string; role?: string; q?: string }): Promise<AdminUser[]>;
  createUser(body: CreateUserRequest): Promise<AdminUser>;
  updateUser(id: string, body: UpdateUserRequest): Promise<AdminUser>;
  categories(): Promise<AdminCategory[]>;
  updateCategory(code: string, body: UpdateCategoryRequest): Promise<AdminCategory>;
  categoryQuestions(code: string): Promise<CategoryQuestionsResponse>;
  /** Replaces the category's questions with this list, in the order they are asked. */
  saveCategoryQuestions(
    code: string,
    questions: CategoryQuestion[],
    expectedVersion?: number,
  ): Promise<CategoryQuestionsResponse>;
  catalogue(categoryCode: string): Promise<CatalogueRule[]>;
  addCatalogueRule(body: CreateCatalogueRuleRequest): Promise<CatalogueRule>;
  removeCatalogueRule(id: number): Promise<void>;
  tryCatalogue(query: CatalogueTrialQuery): Promise<CatalogueTrialResponse>;
  policy(): Promise<PolicyResponse>;
  /** `expectedVersion`: the version the policy was edited from; a stale one is refused with CONFLICT. */
  savePolicy(policy: TimeLimitPolicy, expectedVersion?: number): Promise<PolicyResponse>;
  officeHours(): Promise<OfficeHoursResponse>;
  saveOfficeHours(body: OfficeHoursRequest): Promise<OfficeHoursResponse>;
  calendar(year: number): Promise<CalendarYearResponse>;
  setCalendarDay(date: string, body: PutCalendarDayRequest): Promise<CalendarOverride>;
  clearCalendarDay(date: string, expectedVersion?: number): Promise<void>;
  audit(query?: { entity?: AdminAuditEntity; before?: number; limit?: number }): Promise<AdminAuditPage>;
  system(): Promise<HealthResponse>;
  deadLetters(): Promise<DeadLetters>;
  retryNotification(id: number): Promise<void>;
  scheduler(): Promise<SchedulerStatus>;
  /** Recomputes the case events' hash chain now (every event: takes a while on a large database). */
  verifyAudit(): Promise<AuditReportDto>;
  integrations(): Promise<IntegrationsStatus>;
  open311Keys(): Promise<Open311Key[]>;
  /** The answer holds the key itself, this once. */
  createOpen311Key(body: CreateOpen311KeyRequest): Promise<CreatedOpen311Key>;
  revokeOpen311Key(id: string): Promise<Open311Key>;
}

export type DeadLetters = z.infer<typeof deadNotificationsSchema>;

const unitUrl = (id: string) => `/admin/units/${encodeURIComponent(id)}`;
const userUrl = (id: string) => `/admin/users/${encodeURIComponent(id)}`;
const nothing = z.unknown().transform(() => undefined);

export function createAdminApiClient(transport: Transport, options: ApiClientOptions = {}): AdminApiClient {
  const call = createCaller(transport, options);
  return {
    units: () => call({ method: 'GET', url: '/admin/units' }, z.array(adminUnitSchema)),
    createUnit: (body) => call({ method: 'POST', url: '/admin/units', data: body }, adminUnitSchema),
    updateUnit: (id, body) => call({ method: 'PATCH', url: unitUrl(id), data: body }, adminUnitSchema),
    areas: () => call({ method: 'GET', url: '/admin/areas' }, z.array(adminAreaSchema)),
    users: (query = {}) =>
      call(
        {
          method: 'GET',
          url: '/admin/users',
          params: { unitId: query.unitId, role: query.role, q: query.q || undefined },
        },
        z.array(adminUserSchema),
      ),
    createUser: (body) => call({ method: 'POST', url: '/admin/users', data: body }, adminUserSchema),
    updateUser: (id, body) => call({ method: 'PATCH', url: userUrl(id), data: body }, adminUserSchema),
    categories: () => call({ method: 'GET', url: '/admin/categories' }, z.array(adminCategorySchema)),
    updateCategory: (code, body) =>
      call({ method: 'PATCH', url: `/admin/categories/${encodeURIComponent(code)}`, data: body }, adminCategorySchema),
    categoryQuestions: (code) =>
      call(
        { method: 'GET', url: `/admin/categories/${encodeURIComponent(code)}/questions` },
        categoryQuestionsResponseSchema,
      ),
    saveCategoryQuestions: (code, questions, expectedVersion) =>
      call(
        {
          method: 'PUT',
          url: `/admin/categories/${encodeURIComponent(code)}/questions`,
          data: { questions, expectedVersion },
        },
        categoryQuestionsResponseSchema,
      ),
    catalogue: (categoryCode) =>
      call({ method: 'GET', url: '/admin/catalogue', params: { categoryCode } }, z.array(catalogueRuleSchema)),
    addCatalogueRule: (body) => call({ method: 'POST', url: '/admin/catalogue', data: body }, catalogueRuleSchema),
    removeCatalogueRule: (id) => call({ method: 'DELETE', url: `/admin/catalogue/${id}` }, nothing),
    tryCatalogue: (query) =>
      call({ method: 'GET', url: '/admin/catalogue/trial', params: { ...query } }, catalogueTrialResponseSchema),
    policy: () => call({ method: 'GET', url: '/admin/policy' }, policyResponseSchema),
    savePolicy: (policy, expectedVersion) =>
      call({ method: 'PUT', url: '/admin/policy', data: { ...policy, expectedVersion } }, policyResponseSchema),
    officeHours: () => call({ method: 'GET', url: '/admin/office-hours' }, officeHoursResponseSchema),
    saveOfficeHours: (body) =>
      call({ method: 'PUT', url: '/admin/office-hours', data: body }, officeHoursResponseSchema),
    calendar: (year) => call({ method: 'GET', url: '/admin/calendar', params: { year } }, calendarYearResponseSchema),
    setCalendarDay: (date, body) =>
      call(
        { method: 'PUT', url: `/admin/calendar/${encodeURIComponent(date)}`, data: body },
        calendarYearResponseSchema.shape.overrides.element,
      ),
    clearCalendarDay: (date, expectedVersion) =>
      call(
        { method: 'DELETE', url: `/admin/calendar/${encodeURIComponent(date)}`, params: { expectedVersion } },
        nothing,
      ),
    audit: (query = {}) =>
      call(
        {
          method: 'GET',
          url: '/admin/audit',
          params: { entity: query.entity, before: query.before, limit: query.limit },
        },
        adminAuditPageSchema,
      ),
    system: () => call({ method: 'GET', url: '/health' }, healthResponseSchema),
    deadLetters: () => call({ method: 'GET', url: '/admin/notifications/dead' }, deadNotificationsSchema),
    retryNotification: async (id) => {
      await call({ method: 'POST', url: `/admin/notifications/${id}/retry`, data: {} }, notificationOkSchema);
    },
    scheduler: () => call({ method: 'GET', url: '/admin/scheduler' }, schedulerStatusSchema),
    verifyAudit: () => call({ method: 'GET', url: '/admin/audit/verify' }, auditReportSchema),
    integrations: () => call({ method: 'GET', url: '/admin/integrations' }, integrationsStatusSchema),
    open311Keys: () => call({ method: 'GET', url: '/admin/open311-keys' }, z.array(open311KeySchema)),
    createOpen311Key: (body) =>
      call({ method: 'POST', url: '/admin/open311-keys', data: body }, createdOpen311KeySchema),
    revokeOpen311Key: (id) =>
      call({ method: 'POST', url: `/admin/open311-keys/${encodeURIComponent(id)}/revoke`, data: {} }, open311KeySchema),
  };
}

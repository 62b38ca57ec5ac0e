// Wire shapes of the case queues: the tabs a worker's day is organised by, their filters, and the
// keyset-paged lists sorted by deadline (cursor = the last row's deadline and id).
import { z } from 'zod';
import { isIsoDate } from '../shanghai-time';
import { caseStatuses, channels, deadlineStates, demandTypes, urgencies } from '../vocabulary';

export const queueTabs = [
  'to_accept',
  'to_dispatch',
  'to_sign',
  'in_progress',
  'warning',
  'overdue',
  'returned',
  'extension_requests',
  'replies_to_review',
  'callbacks_due',
  'reopen_requests',
  'problem',
  /** Open cases the centre is supervising (督办件). */
  'supervised',
] as const;
export type QueueTab = (typeof queueTabs)[number];

/** Roles that work cases from queues; units see only their own cases, the analyst reads everything. */
export const queueRoles = ['operator', 'dispatcher', 'supervisor', 'analyst', 'handler', 'unit_manager'] as const;

export const queueTabParamsSchema = z.strictObject({ tab: z.enum(queueTabs) });

const dateOrInstant = z
  .string()
  .refine((v) => isIsoDate(v) || !Number.isNaN(Date.parse(v)), '应为日期 YYYY-MM-DD 或 ISO 时间');

export const queueFiltersSchema = z.strictObject({
  status: z.enum(caseStatuses).optional(),
  deadlineState: z.enum(deadlineStates).optional(),
  /** The unit that holds the case now (its assignee). */
  unitId: z.string().min(1).max(36).optional(),
  /** A category code; a branch matches every category below it. */
  categoryCode: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .optional(),
  townshipCode: z.string().min(1).max(32).optional(),
  channel: z.enum(channels).optional(),
  /** Filed on or after (a date counts from its Shanghai midnight). */
  from: dateOrInstant.optional(),
  /** Filed before (a date counts up to the end of that Shanghai day). */
  to: dateOrInstant.optional(),
  /** A tracking number, or part of the description. */
  q: z.string().trim().min(1).max(100).optional(),
});
export type QueueFilters = z.infer<typeof queueFiltersSchema>;

export const queuePageQuerySchema = queueFiltersSchema.extend({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type QueuePageQuery = z.infer<typeof queuePageQuerySchema>;

export const queueItemSchema = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  status: z.enum(caseStatuses),
  deadlineState: z.enum(deadlineStates),
  supervised: z.boolean(),
  problem: z.boolean(),
  extensionPending: z.boolean(),
  demandType: z.enum(demandTypes),
  urgency: z.enum(urgencies),
  channel: z.enum(channels),
  categoryCode: z.string().nullable(),
  /** The first 120 characters of the description. */
  summary: z.string(),
  address: z.string().nullable(),
  townshipCode: z.string().nullable(),
  villageCode: z.string().nullable(),
  leadUnitId: z.string().nullable(),
  assigneeUnitId: z.string().nullable(),
  step: z.string().nullable(),
  warnAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  anonymous: z.boolean(),
  /** Centre staff see the filer's name and a masked phone; units see a masked name and no phone, and nothing of an anonymous filer. */
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const queuePageSchema = z.object({
  tab: z.enum(queueTabs),
  items: z.array(queueItemSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type QueuePage = z.infer<typeof queuePageSchema>;

export const queueCountsSchema = z.object(
  Object.fromEntries(queueTabs.map((t) => [t, z.number().int()])) as Record<QueueTab, z.ZodNumber>,
);
export type QueueCounts = z.infer<typeof queueCountsSchema>;

// A sketch of the case resources on the wire, matching the state machine's
// vocabulary; the API teams extend it (attachments, location, history pages).
import { z } from 'zod';
import { caseActionTypes } from '../case-actions';
import {
  caseStatuses,
  caseSteps,
  channels,
  deadlineStates,
  demandTypes,
  resolutions,
  satisfactions,
  urgencies,
} from '../vocabulary';

const isoInstant = z.iso.datetime({ offset: true });

export const caseDeadlineSchema = z.object({
  step: z.enum(caseSteps),
  warnAt: isoInstant,
  dueAt: isoInstant,
  state: z.enum(deadlineStates),
  /** True while the centre waits on the resident and the clock stands still. */
  paused: z.boolean(),
});
export type CaseDeadline = z.infer<typeof caseDeadlineSchema>;

export const caseFlagsSchema = z.object({
  supervised: z.boolean(),
  problem: z.boolean(),
  extensionPending: z.boolean(),
  reopenPending: z.boolean(),
});

export const caseSummarySchema = z.object({
  id: z.string(),
  trackingNumber: z.string().regex(/^HL\d{8}-\d{6}$/),
  status: z.enum(caseStatuses),
  demandType: z.enum(demandTypes),
  urgency: z.enum(urgencies),
  channel: z.enum(channels),
  categoryCode: z.string().nullable(),
  description: z.string(),
  deadline: caseDeadlineSchema.nullable(),
  flags: caseFlagsSchema,
  resolution: z.enum(resolutions).nullable(),
  satisfaction: z.enum(satisfactions).nullable(),
  leadUnitId: z.string().nullable(),
  assigneeUnitId: z.string().nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  closedAt: isoInstant.nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseEventSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  type: z.enum(caseActionTypes),
  fromStatus: z.enum(caseStatuses).nullable(),
  toStatus: z.enum(caseStatuses),
  at: isoInstant,
  actor: z.object({
    kind: z.enum(['resident', 'staff', 'system']),
    role: z.string(),
    /** Shown masked (张**) to those who may not see who acted. */
    displayName: z.string().nullable(),
    unitId: z.string().nullable(),
  }),
  note: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type CaseEventDto = z.infer<typeof caseEventSchema>;

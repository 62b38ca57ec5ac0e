// Wire shapes of the staff workflow: phone intake, the staff case view with its full timeline,
// one body per case action, dispatch suggestions from the catalogue, and the audit report.
import { z } from 'zod';
import { mediaResponseSchema } from './media';
import { caseActionTypes } from '../case-actions';
import { caseAnswersSchema, storedAnswerSchema } from '../category-questions';
import { demandTypes, satisfactions, unitKinds, urgencies } from '../vocabulary';
import { caseSummarySchema } from './cases';

const isoInstant = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1).max(64);

/** Every action body may name the version the caller saw; a stale one answers 409 CONFLICT. */
const expectedVersion = z.number().int().min(1).optional();

export const casePhoneIntakeSchema = z.strictObject({
  callerPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/),
  callerName: z.string().trim().max(50).optional(),
  callbackWanted: z.boolean().default(false),
  /** The call's id in the telephony system, to find the recording. */
  callId: z.string().trim().min(1).max(64).optional(),
  demandType: z.enum(demandTypes),
  urgency: z.enum(urgencies).default('normal'),
  categoryCode: z.string().trim().min(1).max(32).optional(),
  description: text(2000),
  address: z.string().trim().max(300).optional(),
  townshipCode: z.string().trim().min(1).max(32).optional(),
  villageCode: z.string().trim().min(1).max(32).optional(),
  anonymous: z.boolean().default(false),
  acceptNow: z.boolean().default(false),
  /** Answers to the category's questions, by question code. */
  answers: caseAnswersSchema.default({}),
});
export type CasePhoneIntake = z.infer<typeof casePhoneIntakeSchema>;

/** A case as staff see it in lists and after every action: the summary plus its version. */
export const staffCaseSummarySchema = caseSummarySchema.extend({ version: z.number().int() });
export type StaffCaseSummary = z.infer<typeof staffCaseSummarySchema>;

/** In a body, never a query string: URLs end up in logs and proxies. */
export const callerCasesRequestSchema = z.strictObject({
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/),
});
export const callerCasesResponseSchema = z.object({ items: z.array(staffCaseSummarySchema) });
export type CallerCasesResponse = z.infer<typeof callerCasesResponseSchema>;

export const caseIdParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
/** A case named the way people say it: by its tracking number (HL20261128-000123). */
export const trackingNumberParamsSchema = z.strictObject({
  trackingNumber: z.string().trim().regex(/^HL\d{8}-\d{6}$/, '工单编号格式有误'),
});

export const staffCaseEventSchema = z.object({
  seq: z.number().int(),
  /** A case action, a scheduler event, or `reveal_phone`. */
  type: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  at: isoInstant,
  visibility: z.enum(['public', 'internal']),
  actor: z.object({
    kind: z.string(),
    role: z.string(),
    /** Masked (张**) for a resident, hidden for an anonymous filer, when a unit reads it. */
    displayName: z.string().nullable(),
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
  }),
  payload: z.record(z.string(), z.unknown()),
});
export type StaffCaseEvent = z.infer<typeof staffCaseEventSchema>;

export const staffCaseDetailSchema = staffCaseSummarySchema.extend({
  address: z.string().nullable(),
  townshipCode: z.string().nullable(),
  villageCode: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number(), accuracyM: z.number().nullable() }).nullable(),
  anonymous: z.boolean(),
  /** Null when hidden from the reader (anonymous filer and a unit reading). */
  contactName: z.string().nullable(),
  /** Masked (138****1234) unless the reader works at the centre; reveal-phone gives the number. */
  contactPhone: z.string().nullable(),
  contactPhoneMasked: z.boolean(),
  callbackWanted: z.boolean(),
  callId: z.string().nullable(),
  mediaIds: z.array(z.string()),
  /** The category's questions as asked when the case was filed, with the answers. */
  answers: z.array(storedAnswerSchema),
  /** Signed, expiring URLs of every photo of the case (filed, supplemented, replied). */
  photos: z.array(mediaResponseSchema),
  responsibleTownshipUnitId: z.string().nullable(),
  assistingUnitIds: z.array(z.string()),
  parentCaseId: z.string().nullable(),
  counters: z.object({
    extensionsGranted: z.number().int(),
    sendBackCount: z.number().int(),
    returnCount: z.number().int(),
    reopenCount: z.number().int(),
  }),
  requestedExtensionDays: z.number().int().nullable(),
  /** What the reader may do now; the client shows these as buttons. */
  allowedActions: z.array(z.enum(caseActionTypes)),
  timeline: z.array(staffCaseEventSchema),
});
export type StaffCaseDetail = z.infer<typeof staffCaseDetailSchema>;

export const revealPhoneResponseSchema = z.object({ phone: z.string().nullable(), contactName: z.string().nullable() });
export type RevealPhoneResponse = z.infer<typeof revealPhoneResponseSchema>;

// One body per action. Units are named by id; the server resolves them.
/** Actions without a payload also accept an empty request body. */
/** Accepting may set the urgency, which sets the time limits from now on. */
export const acceptBodySchema = z.strictObject({ urgency: z.enum(urgencies).optional(), expectedVersion }).default({});
export const rejectBodySchema = z.strictObject({ reason: text(500), expectedVersion });
export const mergeBodySchema = z.strictObject({ parentCaseId: id, expectedVersion });
export const answerBodySchema = z.strictObject({
  knowledgeEntryId: id,
  /** What the operator told the caller; defaults to the entry's answer. */
  text: z.string().trim().min(1).max(2000).optional(),
  expectedVersion,
});
export const requestInfoBodySchema = z.strictObject({ question: text(500), expectedVersion });
export const dispatchBodySchema = z.strictObject({
  leadUnitId: id,
  assistingUnitIds: z.array(id).max(5).default([]),
  note: z.string().trim().max(500).optional(),
  expectedVersion,
});
export const noteBodySchema = z
  .strictObject({ note: z.string().trim().max(500).optional(), expectedVersion })
  .default({});
export const forwardBodySchema = z.strictObject({
  villageUnitId: id,
  note: z.string().trim().max(500).optional(),
  expectedVersion,
});
export const returnBodySchema = z.strictObject({ reason: text(500), expectedVersion });
export const ruleReturnBodySchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('redispatch'),
    leadUnitId: id,
    assistingUnitIds: z.array(id).max(5).default([]),
    note: z.string().trim().max(500).optional(),
    expectedVersion,
  }),
  z.strictObject({ decision: z.literal('uphold'), note: z.string().trim().max(500).optional(), expectedVersion }),
]);
export const requestExtensionBodySchema = z.strictObject({
  workingDays: z.number().int().min(1).max(60),
  reason: text(500),
  expectedVersion,
});
export const ruleExtensionBodySchema = z.strictObject({
  decision: z.enum(['grant', 'refuse']),
  note: z.string().trim().max(500).optional(),
  expectedVersion,
});
const mediaIds = z.array(id).max(9).default([]);
export const contributeBodySchema = z.strictObject({ text: text(2000), mediaIds, expectedVersion });
export const replyBodySchema = z.strictObject({ text: text(2000), mediaIds, expectedVersion });
export const reviewBodySchema = z.strictObject({
  decision: z.enum(['approve', 'send_back']),
  note: z.string().trim().max(500).optional(),
  expectedVersion,
});
export const callbackBodySchema = z.strictObject({
  satisfaction: z.enum(satisfactions),
  solved: z.boolean(),
  note: z.string().trim().max(500).optional(),
  expectedVersion,
});
export const ruleReopenBodySchema = z.strictObject({
  decision: z.enum(['uphold', 'refuse']),
  note: z.string().trim().max(500).optional(),
  expectedVersion,
});

export const dispatchSuggestionUnitSchema = z.object({
  unitId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(unitKinds),
});

export const dispatchSuggestionsSchema = z.object({
  categoryCode: z.string().nullable(),
  /** 'county': the matter belongs to a county department and may not be pushed down. */
  duty: z.enum(['county', 'township']).nullable(),
  pushDownForbidden: z.boolean(),
  explanation: z.string().nullable(),
  /** Most specific first: the village's rules, then the township's, then county-wide ones. */
  suggestions: z.array(
    z.object({
      scope: z.enum(['village', 'township', 'county']),
      areaCode: z.string().nullable(),
      lead: z.array(dispatchSuggestionUnitSchema),
      assisting: z.array(dispatchSuggestionUnitSchema),
    }),
  ),
});
export type DispatchSuggestions = z.infer<typeof dispatchSuggestionsSchema>;

export const auditReportSchema = z.object({
  ok: z.boolean(),
  eventsChecked: z.number().int(),
  checkpointsChecked: z.number().int(),
  /** The newest signed checkpoint that holds: when it was written and how many events it counted. */
  lastCheckpoint: z
    .object({ at: z.string(), throughEventId: z.number().int(), events: z.number().int() })
    .nullable(),
  problems: z.array(
    z.object({
      /** null for a problem of the whole trail (a count or a checkpoint line). */
      eventId: z.number().int().nullable(),
      caseId: z.string().nullable(),
      problem: z.enum([
        'content_changed',
        'case_link_broken',
        'sequence_gap',
        'chain_head_missing',
        'event_count_changed',
        'checkpoint_forged',
      ]),
    }),
  ),
});
export type AuditReportDto = z.infer<typeof auditReportSchema>;

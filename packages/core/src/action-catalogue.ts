// The action catalogue: every case action described once. An entry says which statuses the action
// starts from, who may fire it and with which relation to the case; a workspace action adds its
// route, summary, body schema, extra error codes, the kind of form the staff action panel shows,
// and a pure function from the validated body (with a resolver for units and knowledge entries)
// to the machine's action. The case machine, the permission map, the server's routes, the OpenAPI
// document, the api-client's types and the action panel all read it.
// Adding an action: one entry here, its transition in case-machine.ts, and their tests.
import type { z, ZodType } from 'zod';
import { caseActionTypes, type Actor, type CaseAction, type CaseActionType, type CaseRelation, type UnitRef } from './case-actions';
import { ErrorCode } from './errors';
import {
  acceptBodySchema,
  answerBodySchema,
  callbackBodySchema,
  contributeBodySchema,
  dispatchBodySchema,
  forwardBodySchema,
  mergeBodySchema,
  noteBodySchema,
  rejectBodySchema,
  replyBodySchema,
  requestExtensionBodySchema,
  requestInfoBodySchema,
  returnBodySchema,
  reviewBodySchema,
  ruleExtensionBodySchema,
  ruleReopenBodySchema,
  ruleReturnBodySchema,
} from './schemas/workflow';
import { centreRoles, openStatuses, unitRoles, type CaseStatus } from './vocabulary';

export type ActorRole = Actor['role'];

/** The form the staff action panel shows for an action. */
export type ActionForm =
  /** Nothing to fill in: a confirming tap. */
  | { kind: 'confirm' }
  /** An optional note. */
  | { kind: 'note' }
  /** The case's urgency (一般/紧急), preset to what it is now. */
  | { kind: 'urgency' }
  /** One required line of text, sent as `field`. */
  | { kind: 'text'; field: 'reason' | 'question' | 'parentCaseId' }
  /** A knowledge-base entry picked by search, with an optional answer text. */
  | { kind: 'knowledge' }
  /** A unit picked from the directory (and the dispatch suggestions), sent as `field`. */
  | { kind: 'unit'; field: 'leadUnitId' | 'villageUnitId'; pick: 'dispatch' | 'village' }
  /** One of the body's decisions and a note; `unitFor` is the decision that also needs a unit. */
  | { kind: 'decision'; options: readonly string[]; unitFor?: string }
  /** A number of working days and a reason. */
  | { kind: 'days' }
  /** A text with photos. */
  | { kind: 'report' }
  /** The callback's satisfaction and whether the matter was solved. */
  | { kind: 'callback' };
export type ActionFormKind = ActionForm['kind'];

/** What a body needs from outside to become a machine action. */
export interface ActionResolver {
  unit(id: string): Promise<UnitRef>;
  /** An active knowledge entry, or NOT_FOUND. */
  knowledgeEntry(id: string): Promise<{ id: string; code: string; title: string; answer: string }>;
}

export type MachineAction = Exclude<CaseAction, { type: 'submit' }>;
/** The machine's action and what the event records beside it (notes, photos, knowledge titles). */
export interface ResolvedAction {
  action: MachineAction;
  extras?: Record<string, unknown>;
}

export interface ActionRule {
  from: readonly CaseStatus[];
  who: readonly ActorRole[];
  /** The actor needs one of these relations … */
  relations?: readonly CaseRelation[];
  /** … if its role is one of these (default: every role in `who`). */
  relationsFor?: readonly ActorRole[];
}

export interface WorkspaceAction<S extends ZodType = ZodType> {
  /** The route's last segment: POST /api/staff/cases/{id}/<path>. */
  path: string;
  summary: string;
  body: S;
  /** Codes this action may answer with beyond every action's common ones. */
  errors: readonly ErrorCode[];
  form: ActionForm;
  toAction(body: z.output<S>, resolve: ActionResolver): Promise<ResolvedAction>;
}

const UNIT_STAFF: readonly ActorRole[] = unitRoles;
const CENTRE: readonly ActorRole[] = centreRoles;

const noteOf = (body: { note?: string | undefined }) => (body.note ? { note: body.note } : undefined);

const workspace = <S extends ZodType>(spec: WorkspaceAction<S>): WorkspaceAction<S> => spec;

async function unitsOf(resolve: ActionResolver, leadId: string, assistingIds: readonly string[]) {
  const leadUnit = await resolve.unit(leadId);
  const assistingUnits = await Promise.all(assistingIds.map((id) => resolve.unit(id)));
  return { leadUnit, assistingUnits };
}

/** Who fires the actions that have no workspace route: residents, the scheduler, intake. */
const residentAndSystemRules = {
  submit: { from: [], who: ['resident', 'operator', 'integration'] },
  supplement: { from: openStatuses, who: ['resident'], relations: ['filer'] },
  rate: { from: ['replied', 'callback', 'closed'], who: ['resident'], relations: ['filer'] },
  request_reopen: { from: ['closed'], who: ['resident'], relations: ['filer'] },
} as const satisfies Record<string, ActionRule>;

type WorkspaceActionType = Exclude<CaseActionType, keyof typeof residentAndSystemRules>;

const workspaceActions = {
  accept: {
    from: ['submitted'],
    who: ['operator'],
    workspace: workspace({
      path: 'accept',
      summary: '受理',
      body: acceptBodySchema,
      errors: [],
      form: { kind: 'urgency' },
      toAction: async (b) => ({ action: { type: 'accept', ...(b.urgency ? { urgency: b.urgency } : {}) } }),
    }),
  },
  reject: {
    from: ['submitted'],
    who: ['operator'],
    workspace: workspace({
      path: 'reject',
      summary: '不予受理',
      body: rejectBodySchema,
      errors: [],
      form: { kind: 'text', field: 'reason' },
      toAction: async (b) => ({ action: { type: 'reject', reason: b.reason } }),
    }),
  },
  merge: {
    from: ['submitted', 'accepted'],
    who: ['operator'],
    workspace: workspace({
      path: 'merge',
      summary: '并单（诉求人随主单关注）',
      body: mergeBodySchema,
      errors: [ErrorCode.MERGE_INTO_SELF],
      form: { kind: 'text', field: 'parentCaseId' },
      toAction: async (b) => ({ action: { type: 'merge', parentCaseId: b.parentCaseId } }),
    }),
  },
  answer: {
    from: ['submitted', 'accepted'],
    who: ['operator'],
    workspace: workspace({
      path: 'answer',
      summary: '依知识库直接答复并办结',
      body: answerBodySchema,
      errors: [ErrorCode.NOT_FOUND],
      form: { kind: 'knowledge' },
      toAction: async (b, resolve) => {
        const entry = await resolve.knowledgeEntry(b.knowledgeEntryId);
        return {
          action: { type: 'answer', knowledgeEntryId: entry.id, text: b.text ?? entry.answer },
          extras: { knowledgeEntryCode: entry.code, knowledgeTitle: entry.title },
        };
      },
    }),
  },
  request_info: {
    from: ['submitted', 'accepted'],
    who: ['operator'],
    workspace: workspace({
      path: 'request-info',
      summary: '请诉求人补充材料（暂停计时）',
      body: requestInfoBodySchema,
      errors: [],
      form: { kind: 'text', field: 'question' },
      toAction: async (b) => ({ action: { type: 'request_info', question: b.question } }),
    }),
  },
  dispatch: {
    from: ['accepted'],
    who: ['dispatcher', 'operator'],
    workspace: workspace({
      path: 'dispatch',
      summary: '派单（主办、协办单位）',
      body: dispatchBodySchema,
      errors: [ErrorCode.UNIT_NOT_FOUND, ErrorCode.DISPATCH_PUSH_DOWN_FORBIDDEN],
      form: { kind: 'unit', field: 'leadUnitId', pick: 'dispatch' },
      toAction: async (b, resolve) => ({
        action: { type: 'dispatch', ...(await unitsOf(resolve, b.leadUnitId, b.assistingUnitIds)) },
        extras: noteOf(b),
      }),
    }),
  },
  sign: {
    from: ['dispatched'],
    who: UNIT_STAFF,
    relations: ['assignee_staff'],
    workspace: workspace({
      path: 'sign',
      summary: '签收',
      body: noteBodySchema,
      errors: [],
      form: { kind: 'confirm' },
      toAction: async (b) => ({ action: { type: 'sign' }, extras: noteOf(b) }),
    }),
  },
  forward: {
    from: ['signed'],
    who: UNIT_STAFF,
    relations: ['assignee_staff'],
    workspace: workspace({
      path: 'forward',
      summary: '乡镇转派至所辖村（社区）',
      body: forwardBodySchema,
      errors: [ErrorCode.UNIT_NOT_FOUND, ErrorCode.FORWARD_NOT_ALLOWED],
      form: { kind: 'unit', field: 'villageUnitId', pick: 'village' },
      toAction: async (b, resolve) => ({
        action: { type: 'forward', village: await resolve.unit(b.villageUnitId) },
        extras: noteOf(b),
      }),
    }),
  },
  take_back: {
    from: ['dispatched', 'signed'],
    who: UNIT_STAFF,
    relations: ['responsible_township_staff'],
    workspace: workspace({
      path: 'take-back',
      summary: '乡镇收回转派',
      body: noteBodySchema,
      errors: [],
      form: { kind: 'confirm' },
      toAction: async (b) => ({ action: { type: 'take_back', ...noteOf(b) } }),
    }),
  },
  return: {
    from: ['dispatched', 'signed'],
    who: UNIT_STAFF,
    relations: ['assignee_staff'],
    workspace: workspace({
      path: 'return',
      summary: '退单',
      body: returnBodySchema,
      errors: [ErrorCode.RETURN_WINDOW_PASSED],
      form: { kind: 'text', field: 'reason' },
      toAction: async (b) => ({ action: { type: 'return', reason: b.reason } }),
    }),
  },
  rule_return: {
    from: ['returned'],
    who: ['dispatcher', 'supervisor'],
    workspace: workspace({
      path: 'rule-return',
      summary: '退单审核（改派或维持）',
      body: ruleReturnBodySchema,
      errors: [ErrorCode.UNIT_NOT_FOUND, ErrorCode.DISPATCH_PUSH_DOWN_FORBIDDEN],
      form: { kind: 'decision', options: ['redispatch', 'uphold'], unitFor: 'redispatch' },
      toAction: async (b, resolve) =>
        b.decision === 'uphold'
          ? { action: { type: 'rule_return', decision: 'uphold', ...noteOf(b) } }
          : {
              action: {
                type: 'rule_return',
                decision: 'redispatch',
                ...(await unitsOf(resolve, b.leadUnitId, b.assistingUnitIds)),
                ...noteOf(b),
              },
            },
    }),
  },
  request_extension: {
    from: ['signed'],
    who: UNIT_STAFF,
    relations: ['assignee_staff'],
    workspace: workspace({
      path: 'request-extension',
      summary: '申请延期',
      body: requestExtensionBodySchema,
      errors: [ErrorCode.EXTENSION_PENDING, ErrorCode.EXTENSION_LIMIT_REACHED],
      form: { kind: 'days' },
      toAction: async (b) => ({
        action: { type: 'request_extension', workingDays: b.workingDays, reason: b.reason },
      }),
    }),
  },
  rule_extension: {
    from: ['signed'],
    who: ['supervisor'],
    workspace: workspace({
      path: 'rule-extension',
      summary: '延期审批',
      body: ruleExtensionBodySchema,
      errors: [ErrorCode.NO_PENDING_EXTENSION, ErrorCode.EXTENSION_LIMIT_REACHED],
      form: { kind: 'decision', options: ['grant', 'refuse'] },
      toAction: async (b) => ({ action: { type: 'rule_extension', decision: b.decision, ...noteOf(b) } }),
    }),
  },
  contribute: {
    from: ['dispatched', 'signed'],
    who: UNIT_STAFF,
    relations: ['assisting_staff'],
    workspace: workspace({
      path: 'contribute',
      summary: '协办单位提交协办意见',
      body: contributeBodySchema,
      errors: [],
      form: { kind: 'report' },
      toAction: async (b) => ({ action: { type: 'contribute', text: b.text }, extras: { mediaIds: b.mediaIds } }),
    }),
  },
  reply: {
    from: ['signed'],
    who: UNIT_STAFF,
    relations: ['assignee_staff'],
    workspace: workspace({
      path: 'reply',
      summary: '办理答复（文字和照片）',
      body: replyBodySchema,
      errors: [],
      form: { kind: 'report' },
      toAction: async (b) => ({ action: { type: 'reply', text: b.text }, extras: { mediaIds: b.mediaIds } }),
    }),
  },
  review: {
    from: ['replied'],
    who: ['supervisor', 'operator'],
    workspace: workspace({
      path: 'review',
      summary: '审核答复（通过或退回重办）',
      body: reviewBodySchema,
      errors: [],
      form: { kind: 'decision', options: ['approve', 'send_back'] },
      toAction: async (b) => ({ action: { type: 'review', decision: b.decision, ...noteOf(b) } }),
    }),
  },
  callback: {
    from: ['callback'],
    who: ['operator', 'supervisor'],
    workspace: workspace({
      path: 'callback',
      summary: '回访并办结',
      body: callbackBodySchema,
      errors: [],
      form: { kind: 'callback' },
      toAction: async (b) => ({
        action: { type: 'callback', satisfaction: b.satisfaction, solved: b.solved, ...noteOf(b) },
      }),
    }),
  },
  rule_reopen: {
    from: ['closed'],
    who: ['supervisor'],
    workspace: workspace({
      path: 'rule-reopen',
      summary: '重办申请审核',
      body: ruleReopenBodySchema,
      errors: [ErrorCode.NO_PENDING_REOPEN],
      form: { kind: 'decision', options: ['uphold', 'refuse'] },
      toAction: async (b) => ({ action: { type: 'rule_reopen', decision: b.decision, ...noteOf(b) } }),
    }),
  },
  urge: {
    from: openStatuses,
    // The scheduler urges automatically when a step reaches its deadline.
    who: ['resident', ...CENTRE, 'system'],
    relations: ['filer', 'follower'],
    relationsFor: ['resident'],
    workspace: workspace({
      path: 'urge',
      summary: '催办',
      body: noteBodySchema,
      errors: [],
      form: { kind: 'note' },
      toAction: async (b) => ({ action: { type: 'urge', ...noteOf(b) } }),
    }),
  },
  supervise: {
    from: openStatuses,
    who: ['supervisor', 'system'],
    workspace: workspace({
      path: 'supervise',
      summary: '督办',
      body: noteBodySchema,
      errors: [ErrorCode.ALREADY_SUPERVISED],
      form: { kind: 'note' },
      toAction: async (b) => ({ action: { type: 'supervise', ...noteOf(b) } }),
    }),
  },
} satisfies Record<WorkspaceActionType, ActionRule & { workspace: WorkspaceAction }>;

export type ActionCatalogueEntry = ActionRule & { type: CaseActionType; workspace?: WorkspaceAction };

const rulesByType: Record<CaseActionType, ActionRule & { workspace?: WorkspaceAction }> = {
  ...residentAndSystemRules,
  ...workspaceActions,
};

/** Every case action, in the order of caseActionTypes. */
export const actionCatalogue = Object.fromEntries(
  caseActionTypes.map((type) => [type, { type, ...rulesByType[type] }]),
) as Readonly<Record<CaseActionType, ActionCatalogueEntry>>;

/** The actions staff fire from the workspace, each with its own route. */
export const workspaceActionTypes = Object.keys(workspaceActions) as WorkspaceActionType[];
export type { WorkspaceActionType };

export function workspaceActionOf(type: WorkspaceActionType): WorkspaceAction {
  return workspaceActions[type].workspace as unknown as WorkspaceAction;
}

/** The body a workspace action's route takes, as the caller writes it (defaults not yet applied). */
export type WorkspaceActionInput<T extends WorkspaceActionType> = z.input<(typeof workspaceActions)[T]['workspace']['body']>;
/** The same body after validation. */
export type WorkspaceActionBody<T extends WorkspaceActionType> = z.output<(typeof workspaceActions)[T]['workspace']['body']>;

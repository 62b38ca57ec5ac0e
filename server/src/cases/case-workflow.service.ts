// The one door through which a case changes: it checks who may see the case, works out how the
// actor stands to it, lets the core state machine decide, and persists the transition with its
// event (and whatever other areas hook in) in one short transaction.
import { Injectable } from '@nestjs/common';
import {
  can,
  caseViewFor,
  type CaseViewerRelation,
  isUnitRole,
  type Actor,
  type CaseAction,
  type CaseEffect,
  type CaseEventType,
  type CaseRelation,
  type CaseState,
  type Channel,
  type CoordinateSystem,
  DomainError,
  type DemandType,
  ErrorCode,
  type UnitRef,
  type StoredAnswer,
  type Urgency,
  applyAction,
  eventDueAt,
  REPEAT_DEMAND_ESCALATION,
  formatTrackingNumber,
  isResidentVisibleEvent,
  trackingNumberPrefix,
} from '@hotline/core';
import type { Principal } from '../auth/tokens';
import { timeOrderedUuid } from '../common/time-ordered-id';
import { DirectoryRepository } from '../directory/directory.repository';
import { ReferenceData } from '../directory/reference-data';
import { PhoneVault } from '../privacy/phone-vault';
import { CaseEventHooks, type CaseTransitionRecord } from './case-events.hooks';
import { type CaseRow, CasesRepository, type NewEvent, type Tx, caseState, stateColumns } from './cases.repository';
import { WorkRules } from './work-rules';

/** Who acts: a signed-in user, the scheduler, or an outside system filing for the public (Open311). */
export type ActingPrincipal = Principal | { userId: null; role: 'system' | 'integration'; unitId: null };
export const SYSTEM_ACTOR: ActingPrincipal = { userId: null, role: 'system', unitId: null };
export const INTEGRATION_ACTOR: ActingPrincipal = { userId: null, role: 'integration', unitId: null };

const kindOf = (role: string): Actor['kind'] =>
  role === 'system' || role === 'integration' ? 'system' : role === 'resident' ? 'resident' : 'staff';


export interface NewCaseInput {
  demandType: DemandType;
  urgency: Urgency;
  channel: Channel;
  categoryCode: string | null;
  description: string;
  address: string | null;
  /** Already in WGS-84; `crs` says what the client sent. */
  location: { lat: number; lng: number; accuracyM: number | null; crs: CoordinateSystem } | null;
  townshipCode: string | null;
  villageCode: string | null;
  filerUserId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  /** The contact phone as an account already holds it (encrypted and hashed): no need to seal it again. */
  contactPhoneSealed?: { enc: string; hash: string } | null;
  anonymous: boolean;
  consentVersion: string | null;
  callId: string | null;
  callbackWanted: boolean;
  mediaIds: string[];
  /** Answers to the category's questions, already checked. */
  answers?: StoredAnswer[];
  /** The filer agreed to publication as a typical case (after moderation). */
  publishConsent?: boolean;
  /** An operator taking a phone call may accept it at once. */
  acceptNow?: boolean;
}

/** One change to a case, as the one door `record` takes it. */
export interface CaseChange {
  /** The case as the caller read and checked it; its version guards the write. */
  row: CaseRow;
  /** The row was inserted by this transaction (a filing): its chain starts with this event. */
  created?: boolean;
  principal: ActingPrincipal;
  event: CaseTransitionRecord['event'];
  /** The state after the change; absent when only an event is recorded. */
  state?: CaseState;
  effects?: CaseEffect[];
  /** Recorded beside the machine's payload (notes, photos, knowledge titles). */
  extras?: Record<string, unknown>;
  /** The deadline in force when the event happened, kept for the analytics of past periods. */
  dueAt?: string | null;
  /** Default: public when residents see this kind of event. */
  visibility?: 'public' | 'internal';
}

/** Every action but filing, which `submit` handles. */
type LaterAction = Exclude<CaseAction, { type: 'submit' }>;

export interface ActOptions {
  now?: Date;
  /** Extra event payload the machine does not know (e.g. media ids of a reply). */
  eventExtras?: Record<string, unknown>;
  /** The version the caller saw (body or If-Match); a different one answers CONFLICT. */
  expectedVersion?: number;
}

/**
 * A new case, or how to read it inside the filing's own transaction: a channel whose case depends on
 * stored rows (the filer's account, with the phone a case falls back on) reads them there, so the
 * case is written against what it read, and on SQLite the reads run on the open transaction instead
 * of each taking the database's read lock on its own (two lock calls per statement).
 */
export type CaseFiling = NewCaseInput | ((trx: Tx) => Promise<NewCaseInput>);

/** What a filing channel adds to the filing's own transaction, so it commits or vanishes with the case. */
export interface SubmitOptions {
  now?: Date;
  /** Runs last, with the new row (the Idempotency-Key claimed with its answer, the photos attached). */
  last?: (trx: Tx, row: CaseRow) => Promise<void>;
}

@Injectable()
export class CaseWorkflowService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly rules: WorkRules,
    private readonly hooks: CaseEventHooks,
    private readonly vault: PhoneVault,
    private readonly directory: DirectoryRepository,
    private readonly reference: ReferenceData,
  ) {}

  /** Files a new case (any channel) as `submitted`, or `accepted` when an operator accepts at once. */
  async submit(filing: CaseFiling, principal: ActingPrincipal, options: SubmitOptions = {}): Promise<CaseRow> {
    const now = options.now ?? new Date();
    const id = timeOrderedUuid(now);
    const [policy, calendar] = await Promise.all([this.rules.policy(), this.rules.calendar()]);
    const prefix = trackingNumberPrefix(now);
    const reserved = await this.cases.reserveSequence(prefix);
    return this.cases.transaction(async (trx) => {
      const input = typeof filing === 'function' ? await filing(trx) : filing;
      const action: CaseAction = {
        type: 'submit',
        caseId: id,
        demandType: input.demandType,
        urgency: input.urgency,
        channel: input.channel,
        ...(input.acceptNow ? { acceptNow: true } : {}),
      };
      const actor = this.actorOf(principal, input.filerUserId === principal.userId ? ['filer'] : []);
      const transition = applyAction(null, action, actor, now, { policy, calendar });
      const trackingNumber = formatTrackingNumber(now, reserved ?? (await this.cases.nextSequence(trx, prefix)));
      const at = now.toISOString();
      const inserted = await this.cases.insertCase(
        trx,
        {
          id,
          tracking_number: trackingNumber,
          version: 1,
          ...stateColumns(transition.state),
          channel: input.channel,
          category_code: input.categoryCode,
          description: input.description,
          address: input.address,
          lat: input.location?.lat ?? null,
          lng: input.location?.lng ?? null,
          location_accuracy_m: input.location?.accuracyM ?? null,
          location_crs: input.location?.crs ?? null,
          township_code: input.townshipCode,
          village_code: input.villageCode,
          filer_user_id: input.filerUserId,
          contact_name: input.contactName,
          contact_phone_enc: input.contactPhoneSealed?.enc ?? (input.contactPhone ? this.vault.encrypt(input.contactPhone) : null),
          contact_phone_hash: input.contactPhoneSealed?.hash ?? (input.contactPhone ? this.vault.hash(input.contactPhone) : null),
          anonymous: input.anonymous ? 1 : 0,
          consent_version: input.consentVersion,
          call_id: input.callId,
          callback_wanted: input.callbackWanted ? 1 : 0,
          media_ids: JSON.stringify(input.mediaIds),
          answers_json: JSON.stringify(input.answers ?? []),
          publish_consent: input.publishConsent ? 1 : 0,
          publish_consent_at: input.publishConsent ? at : null,
          created_at: at,
          updated_at: at,
        },
        transition.state,
      );
      const { row } = await this.record(trx, {
        row: inserted,
        created: true,
        principal,
        event: transition.event,
        effects: transition.effects,
        extras: { mediaIds: input.mediaIds },
        dueAt: eventDueAt(transition, policy, calendar),
      });
      await options.last?.(trx, row);
      return row;
    });
  }

  /** Fires one action of the state machine on a case the principal may see. */
  async act(caseId: string, action: LaterAction, principal: ActingPrincipal, options: ActOptions = {}) {
    return this.actOn(await this.getVisible(caseId, principal), action, principal, options);
  }

  /** `act` on a case the caller has already read and checked with `getVisible` (not read again). */
  async actOn(row: CaseRow, action: LaterAction, principal: ActingPrincipal, options: ActOptions = {}) {
    const caseId = row.id;
    const now = options.now ?? new Date();
    if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
      throw new DomainError(ErrorCode.CONFLICT, '工单已被他人处理，请刷新后重试', { version: row.version });
    }
    if (action.type === 'merge') await this.checkMergeParent(action.parentCaseId, caseId, principal);
    const actor = this.actorOf(principal, await this.relationsOf(row, principal));
    const [policy, calendar, countyMatter] = await Promise.all([
      this.rules.policy(),
      this.rules.calendar(),
      this.isCountyMatter(row.category_code),
    ]);
    const transition = applyAction(caseState(row), action, actor, now, {
      policy,
      calendar,
      matterOwnedByCountyDepartment: countyMatter,
    });
    const dueAt = eventDueAt(transition, policy, calendar);
    return this.cases.transaction(async (trx) => {
      for (const effect of transition.effects) {
        if (effect.type === 'follow_parent' && row.filer_user_id) {
          await this.cases.addFollower(trx, effect.parentCaseId, row.filer_user_id, now.toISOString());
        }
      }
      const { row: updated } = await this.record(trx, {
        row,
        principal,
        event: transition.event,
        state: transition.state,
        dueAt,
        effects: transition.effects,
        ...(options.eventExtras ? { extras: options.eventExtras } : {}),
      });
      return updated;
    });
  }

  /**
   * The one door every change to a case goes through (filings, actions, scheduler flags and
   * escalations, repeated demands, phone reveals): in the caller's transaction, writes the new
   * state when there is one (against the version of the row the caller read and checked: CONFLICT
   * if it moved; a filing's row was just inserted), appends the event to the case's chain, and runs
   * the hooks (notification outbox, inbox, live, roll-ups).
   */
  async record(trx: Tx, change: CaseChange): Promise<{ row: CaseRow; eventId: number }> {
    const { row, principal, event } = change;
    const actor = this.actorRecord(principal);
    const stored = this.storedEvent(principal, event, change.extras, change.visibility, change.dueAt);
    const eventId = change.created
      ? await this.cases.appendEvent(trx, row.id, stored, { isNew: true })
      : change.state
        ? await this.cases.saveTransition(trx, row.id, row.version, change.state, stored)
        : await this.cases.appendEvent(trx, row.id, stored);
    const caseRow = change.state && !change.created ? await this.requireRow(trx, row.id) : row;
    await this.hooks.run(trx, {
      caseRow,
      event: { ...event, payload: stored.payload },
      eventId,
      effects: change.effects ?? [],
      actor,
    });
    return { row: caseRow, eventId };
  }

  /** An event that leaves the case's status as it is (a flag, a reveal, a repeated demand). */
  sameStatusEvent(
    row: CaseRow,
    type: CaseEventType,
    at: string,
    payload: Record<string, unknown>,
  ): CaseTransitionRecord['event'] {
    const status = row.status as CaseState['status'];
    return { type, at, fromStatus: status, toStatus: status, payload };
  }

  /**
   * A resident raises a matter that is already being handled: they follow the case (and hear of
   * its steps) and it counts as a repeated demand. When the count reaches the escalation point,
   * the handling unit and the supervisors are told.
   */
  async recordRepeatDemand(caseId: string, principal: Principal, now = new Date()): Promise<void> {
    const at = now.toISOString();
    await this.cases.transaction(async (trx) => {
      const row = await this.requireRow(trx, caseId);
      if (row.filer_user_id === principal.userId) return;
      const added = await this.cases.addFollower(trx, caseId, principal.userId, at);
      if (!added) return;
      const demandCount = 1 + (await this.cases.countFollowers(trx, caseId));
      const escalate = demandCount === REPEAT_DEMAND_ESCALATION;
      await this.record(trx, {
        row,
        principal,
        event: this.sameStatusEvent(row, 'repeat_demand', at, { demandCount }),
        visibility: 'internal',
        effects: escalate
          ? [
              { type: 'notify', audience: 'assignee_unit' },
              { type: 'notify', audience: 'supervisors' },
            ]
          : [],
      });
    });
  }

  /** The case if the principal may see it; otherwise CASE_NOT_FOUND, exactly as if it did not exist. */
  async getVisible(caseId: string, principal: ActingPrincipal): Promise<CaseRow> {
    const row = await this.cases.findById(caseId);
    if (!row || !(await this.canSee(row, principal))) throw new DomainError(ErrorCode.CASE_NOT_FOUND);
    return row;
  }

  /** Who may open a case is the core's rule (`caseViewFor`); this finds how the principal stands to it. */
  async canSee(row: CaseRow, principal: ActingPrincipal): Promise<boolean> {
    if (principal.role === 'system' || principal.role === 'integration') return principal.role === 'system';
    if (can(principal.role, 'cases.seeAll')) return true;
    return caseViewFor(principal.role, await this.viewerRelation(row, principal)).opens;
  }

  private async viewerRelation(row: CaseRow, principal: ActingPrincipal): Promise<CaseViewerRelation> {
    if (isUnitRole(principal.role)) {
      return principal.unitId && (await this.cases.isLinkedToUnit(row.id, principal.unitId)) ? 'own_unit' : 'other_unit';
    }
    if (principal.role === 'resident' && principal.userId) {
      if (row.filer_user_id === principal.userId) return 'filer';
      if (await this.cases.isFollower(row.id, principal.userId)) return 'follower';
    }
    return 'stranger';
  }

  async relationsOf(row: CaseRow, principal: ActingPrincipal): Promise<CaseRelation[]> {
    const relations: CaseRelation[] = [];
    if (principal.userId && row.filer_user_id === principal.userId) relations.push('filer');
    if (principal.role === 'resident' && principal.userId && (await this.cases.isFollower(row.id, principal.userId)))
      relations.push('follower');
    if (isUnitRole(principal.role) && principal.unitId) {
      const a = caseState(row).assignment;
      if (a.assigneeUnitId === principal.unitId) relations.push('assignee_staff');
      if (a.responsibleTownshipUnitId === principal.unitId) relations.push('responsible_township_staff');
      if (a.assistingUnitIds.includes(principal.unitId)) relations.push('assisting_staff');
    }
    return relations;
  }

  /** A unit as the state machine needs it; UNIT_NOT_FOUND for unknown or inactive units. */
  async unitRef(unitId: string): Promise<UnitRef> {
    const unit = await this.directory.findUnitById(unitId);
    if (!unit || !unit.active) throw new DomainError(ErrorCode.UNIT_NOT_FOUND);
    return { id: unit.id, kind: unit.kind, parentId: unit.parent_id };
  }

  private async isCountyMatter(categoryCode: string | null): Promise<boolean> {
    if (!categoryCode) return false;
    return (await this.reference.category(categoryCode))?.duty === 'county';
  }

  private async checkMergeParent(parentId: string, caseId: string, principal: ActingPrincipal): Promise<void> {
    if (parentId === caseId) throw new DomainError(ErrorCode.MERGE_INTO_SELF);
    const parent = await this.getVisible(parentId, principal);
    if (['closed', 'rejected', 'merged'].includes(parent.status)) {
      throw new DomainError(ErrorCode.TRANSITION_NOT_ALLOWED, '只能并入仍在办理中的工单');
    }
  }

  private actorOf(principal: ActingPrincipal, relations: CaseRelation[]): Actor {
    return {
      kind: kindOf(principal.role),
      role: principal.role as Actor['role'],
      userId: principal.userId,
      unitId: principal.unitId,
      relations,
    };
  }

  private actorRecord(principal: ActingPrincipal) {
    return { kind: kindOf(principal.role), role: principal.role, userId: principal.userId, unitId: principal.unitId };
  }

  /** The event to store; `dueAt` keeps the deadline in force then, for the analytics of past periods. */
  private storedEvent(
    principal: ActingPrincipal,
    event: CaseTransitionRecord['event'],
    extras: Record<string, unknown> = {},
    visibility?: 'public' | 'internal',
    dueAt: string | null = null,
  ): NewEvent {
    const actor = this.actorRecord(principal);
    return {
      type: event.type,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actorKind: actor.kind,
      actorUserId: actor.userId,
      actorRole: actor.role,
      actorUnitId: actor.unitId,
      at: event.at,
      payload: { ...event.payload, ...extras, ...(dueAt ? { dueAt } : {}) },
      visibility: visibility ?? (isResidentVisibleEvent(event.type, actor.role) ? 'public' : 'internal'),
    };
  }

  private async requireRow(trx: Tx, id: string): Promise<CaseRow> {
    const row = await this.cases.findById(id, trx);
    if (!row) throw new DomainError(ErrorCode.CASE_NOT_FOUND);
    return row;
  }
}

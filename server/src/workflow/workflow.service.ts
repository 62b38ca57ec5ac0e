// The centre's and the units' work on cases: phone intake, the staff view of a case, every action
// of the state machine by HTTP, the logged reveal of a phone number and dispatch suggestions.
// Every case goes through CaseWorkflowService, which checks visibility (a hidden case answers
// exactly like a missing one) and lets the core machine decide.
import { Injectable } from '@nestjs/common';
import {
  type ActionResolver,
  type Actor,
  type CasePhoneIntake,
  type DispatchSuggestions,
  DomainError,
  ErrorCode,
  type RevealPhoneResponse,
  type StaffCaseDetail,
  type StaffCaseSummary,
  type WorkspaceActionBody,
  type WorkspaceActionType,
  workspaceActionOf,
  allowedActions,
  catalogueSuggestions,
  caseViewFor,
  isUnitRole,
} from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { CaseWorkflowService } from '../cases/case-workflow.service';
import { requireAnswers } from '../catalogue/answers';
import { type CaseRow, CasesRepository, caseState } from '../cases/cases.repository';
import { WorkRules } from '../cases/work-rules';
import { MediaService } from '../media/media.service';
import { PhoneVault } from '../privacy/phone-vault';
import { toStaffDetail, toStaffSummary } from './workflow.mapper';
import { WorkflowRepository } from './workflow.repository';
import { DirectoryRepository } from '../directory/directory.repository';

const CALLER_HISTORY_LIMIT = 50;
const PHONE_SHOWN_LOG_EVERY_MS = 30 * 60_000;

@Injectable()
export class WorkflowService {
  constructor(
    private readonly workflow: CaseWorkflowService,
    private readonly cases: CasesRepository,
    private readonly repo: WorkflowRepository,
    private readonly directory: DirectoryRepository,
    private readonly rules: WorkRules,
    private readonly vault: PhoneVault,
    private readonly media: MediaService,
  ) {}

  /** An operator enters a phone call into the same queue as every other channel. */
  async intakePhone(input: CasePhoneIntake, principal: Principal): Promise<StaffCaseSummary> {
    requirePermission(principal, 'cases.intake');
    const category = input.categoryCode ? await this.directory.findCategory(input.categoryCode) : undefined;
    if (input.categoryCode && (!category || !category.is_leaf))
      throw this.invalidField('categoryCode', '请选择最末一级的诉求分类');
    const answers = requireAnswers(category, input.answers);
    const { townshipCode, villageCode } = await this.resolveArea(input.townshipCode ?? null, input.villageCode ?? null);
    const row = await this.workflow.submit(
      {
        demandType: input.demandType,
        urgency: input.urgency,
        channel: 'phone',
        categoryCode: input.categoryCode ?? null,
        description: input.description,
        address: input.address ?? null,
        location: null,
        townshipCode,
        villageCode,
        filerUserId: null,
        contactName: input.callerName ?? null,
        contactPhone: input.callerPhone,
        anonymous: input.anonymous,
        consentVersion: null,
        callId: input.callId ?? null,
        callbackWanted: input.callbackWanted,
        mediaIds: [],
        answers,
        acceptNow: input.acceptNow,
      },
      principal,
    );
    return this.summary(row);
  }

  /** A caller's earlier cases, found by the keyed hash of the number, never by the number itself. */
  async casesByCaller(phone: string, principal: Principal): Promise<{ items: StaffCaseSummary[] }> {
    requirePermission(principal, 'cases.byCaller');
    const rows = await this.repo.casesByPhoneHash(this.vault.hash(phone), CALLER_HISTORY_LIMIT);
    const calendar = await this.rules.calendar();
    const now = new Date();
    return { items: rows.map((r) => toStaffSummary(r, calendar, now)) };
  }

  async detail(caseId: string, principal: Principal): Promise<StaffCaseDetail> {
    requirePermission(principal, 'cases.readStaffView');
    const row = await this.workflow.getVisible(caseId, principal);
    const state = caseState(row);
    const now = new Date();
    const [policy, calendar, category, relations, events] = await Promise.all([
      this.rules.policy(),
      this.rules.calendar(),
      row.category_code ? this.directory.findCategory(row.category_code) : Promise.resolve(undefined),
      this.workflow.relationsOf(row, principal),
      this.cases.listEvents(row.id),
    ]);
    const actor: Actor = {
      kind: 'staff',
      role: principal.role as Actor['role'],
      userId: principal.userId,
      unitId: principal.unitId,
      relations,
    };
    const allowed = allowedActions(state, actor, now, {
      policy,
      calendar,
      matterOwnedByCountyDepartment: category?.duty === 'county',
    });
    // getVisible let the principal in: a unit's staff stand to the case as its own unit.
    const rules = caseViewFor(principal.role, isUnitRole(principal.role) ? 'own_unit' : 'stranger');
    const [userNames, unitNames, photos] = await Promise.all([
      this.repo.userNames(events.map((e) => e.actor_user_id).filter((id): id is string => id !== null)),
      this.directory.unitNames(events.map((e) => e.actor_unit_id).filter((id): id is string => id !== null)),
      this.media.signedMany(caseMediaIds(row.media_ids, events)),
    ]);
    const phone = row.contact_phone_enc ? this.vault.decrypt(row.contact_phone_enc) : null;
    const view = toStaffDetail({ row, rules, phone, calendar, now, allowed, events, userNames, unitNames, photos });
    if (!view.contactPhoneMasked) await this.logPhoneShown(row, principal, events, now);
    return view;
  }

  /** The case with this tracking number, if the reader may see it (otherwise as if missing). */
  async findByTrackingNumber(trackingNumber: string, principal: Principal): Promise<StaffCaseSummary> {
    requirePermission(principal, 'cases.readStaffView');
    const row = await this.cases.findByTrackingNumber(trackingNumber.trim());
    if (!row || !(await this.workflow.canSee(row, principal))) throw new DomainError(ErrorCode.CASE_NOT_FOUND);
    return this.summary(row);
  }

  /** The unmasked number, for the centre or the unit holding the case; every reveal is an internal event. */
  async revealPhone(caseId: string, principal: Principal): Promise<RevealPhoneResponse> {
    requirePermission(principal, 'cases.revealPhone');
    const row = await this.workflow.getVisible(caseId, principal);
    if (isUnitRole(principal.role)) {
      const relations = await this.workflow.relationsOf(row, principal);
      const holds =
        relations.includes('assignee_staff') ||
        relations.includes('responsible_township_staff') ||
        row.lead_unit_id === principal.unitId;
      if (!holds) throw new DomainError(ErrorCode.FORBIDDEN, '只有承办该工单的单位可以查看完整号码');
      if (row.anonymous === 1) throw new DomainError(ErrorCode.FORBIDDEN, '匿名诉求人的联系方式不向承办单位公开');
    }
    if (!row.contact_phone_enc) return { phone: null, contactName: row.contact_name };
    await this.appendReveal(row, principal, new Date(), {});
    return { phone: this.vault.decrypt(row.contact_phone_enc), contactName: row.contact_name };
  }

  /**
   * The centre's case page shows the full number: that counts as a reveal and is logged the same
   * way, once per person and case every half hour so that reloading a page does not flood the log.
   */
  private async logPhoneShown(row: CaseRow, principal: Principal, events: { type: string; actor_user_id: string | null; at: string }[], now: Date) {
    const since = new Date(now.getTime() - PHONE_SHOWN_LOG_EVERY_MS).toISOString();
    const recent = events.some((e) => e.type === 'reveal_phone' && e.actor_user_id === principal.userId && e.at >= since);
    if (!recent) await this.appendReveal(row, principal, now, { via: 'case_view' });
  }

  private async appendReveal(row: CaseRow, principal: Principal, now: Date, payload: Record<string, unknown>) {
    await this.cases.transaction((trx) =>
      this.workflow.record(trx, {
        row,
        principal,
        event: this.workflow.sameStatusEvent(row, 'reveal_phone', now.toISOString(), payload),
        visibility: 'internal',
      }),
    );
  }

  /** Fires one staff action; `ifMatch` is the If-Match header, the body's expectedVersion wins. */
  async act<T extends WorkspaceActionType>(
    caseId: string,
    type: T,
    body: WorkspaceActionBody<T>,
    principal: Principal,
    ifMatch?: string,
  ): Promise<StaffCaseSummary> {
    requirePermission(principal, `action.${type}`);
    const expectedVersion = body.expectedVersion ?? parseIfMatch(ifMatch);
    const { action, extras } = await workspaceActionOf(type).toAction(body, this.resolver);
    // Photos of a reply or contribution must be the handler's own fresh uploads.
    const mediaIds = Array.isArray(extras?.mediaIds) ? (extras.mediaIds as string[]) : [];
    if (mediaIds.length) {
      await this.workflow.getVisible(caseId, principal);
      await this.media.requireOwnUnattached(principal.userId, mediaIds);
    }
    const row = await this.workflow.act(caseId, action, principal, {
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      ...(extras ? { eventExtras: extras } : {}),
    });
    if (mediaIds.length) await this.media.attach(mediaIds, principal.userId, caseId);
    return this.summary(row);
  }

  /** Units the catalogue names for the case's category, the most specific area first. */
  async dispatchSuggestions(caseId: string, principal: Principal): Promise<DispatchSuggestions> {
    requirePermission(principal, 'cases.suggestDispatch');
    const row = await this.workflow.getVisible(caseId, principal);
    const category = row.category_code ? await this.directory.findCategory(row.category_code) : undefined;
    const duty = category?.duty ?? null;
    const rules = row.category_code ? await this.repo.catalogueRules(row.category_code) : [];
    return catalogueSuggestions({
      categoryCode: row.category_code,
      duty,
      townshipCode: row.township_code,
      villageCode: row.village_code,
      entries: rules.map((r) => ({
        areaCode: r.area_code,
        role: r.role,
        unit: { unitId: r.unit_id, code: r.unit_code, name: r.unit_name, kind: r.unit_kind },
      })),
    });
  }

  /** What catalogue entries look up to turn a body into the machine's action. */
  private readonly resolver: ActionResolver = {
    unit: (id) => this.workflow.unitRef(id),
    knowledgeEntry: async (id) => {
      const entry = await this.repo.findActiveKnowledgeEntry(id);
      if (!entry) throw new DomainError(ErrorCode.NOT_FOUND, '知识库条目不存在或已停用', { field: 'knowledgeEntryId' });
      return entry;
    },
  };

  private async resolveArea(townshipCode: string | null, villageCode: string | null) {
    let township = townshipCode;
    if (villageCode) {
      const village = await this.directory.findArea(villageCode);
      if (!village || village.kind !== 'village') throw this.invalidField('villageCode', '村（社区）编码不存在');
      if (township && village.parent_code !== township)
        throw this.invalidField('villageCode', '该村（社区）不属于所选乡镇（街道）');
      township = village.parent_code;
    }
    if (township) {
      const area = await this.directory.findArea(township);
      if (!area || area.kind !== 'township') throw this.invalidField('townshipCode', '乡镇（街道）编码不存在');
    }
    return { townshipCode: township, villageCode };
  }

  private async summary(row: CaseRow): Promise<StaffCaseSummary> {
    return toStaffSummary(row, await this.rules.calendar());
  }

  private invalidField(field: string, message: string): DomainError {
    return new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field, code: 'invalid_value', message }]);
  }
}

/** If-Match: "7", W/"7" or 7 → 7; anything else is a bad request. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m)
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'If-Match 须为工单版本号', [
      { field: 'if-match', code: 'invalid_format', message: 'If-Match 须为工单版本号' },
    ]);
  return Number(m[1]);
}

/** Every photo of a case: those filed with it and those added by later steps (supplements, replies). */
function caseMediaIds(filed: string, events: { payload_json: string }[]): string[] {
  const ids = new Set(JSON.parse(filed) as string[]);
  for (const e of events) {
    const payload = JSON.parse(e.payload_json) as { mediaIds?: unknown };
    if (Array.isArray(payload.mediaIds)) for (const id of payload.mediaIds) if (typeof id === 'string') ids.add(id);
  }
  return [...ids];
}

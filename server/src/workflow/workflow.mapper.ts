// Rows into the staff wire shapes, field by field, so a new column never leaks.
import {
  type CaseState,
  type CaseViewRules,
  type StaffCaseDetail,
  type StaffCaseSummary,
  type StoredAnswer,
  type WorkCalendar,
  filerContactIn,
  residentNameIn,
  resumeClock,
} from '@hotline/core';
import { type CaseEventRow, type CaseRow, caseState } from '../cases/cases.repository';

type Summary = StaffCaseSummary;

/** The running deadline; while paused, the one that would hold if the resident answered now. */
export function deadlineOf(state: CaseState, calendar: WorkCalendar, now: Date): Summary['deadline'] {
  if (state.clock) {
    return {
      step: state.clock.step,
      warnAt: state.clock.warnAt,
      dueAt: state.clock.dueAt,
      state: state.flags.deadlineState,
      paused: false,
    };
  }
  if (state.pausedClock) {
    const p = state.pausedClock;
    return {
      step: p.step,
      warnAt: resumeClock(calendar, p.toWarn, now).toISOString(),
      dueAt: resumeClock(calendar, p.toDue, now).toISOString(),
      state: state.flags.deadlineState,
      paused: true,
    };
  }
  return null;
}

export function toStaffSummary(row: CaseRow, calendar: WorkCalendar, now = new Date()): Summary {
  const state = caseState(row);
  return {
    id: row.id,
    version: row.version,
    trackingNumber: row.tracking_number,
    status: state.status,
    demandType: state.demandType,
    urgency: state.urgency,
    channel: row.channel as Summary['channel'],
    categoryCode: row.category_code,
    description: row.description,
    deadline: deadlineOf(state, calendar, now),
    flags: {
      supervised: state.flags.supervised,
      problem: state.flags.problem,
      extensionPending: state.flags.extensionPending,
      reopenPending: state.flags.reopenPending,
    },
    resolution: state.resolution,
    satisfaction: state.satisfaction,
    leadUnitId: state.assignment.leadUnitId,
    assigneeUnitId: state.assignment.assigneeUnitId,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: state.closedAt,
  };
}

export interface StaffDetailInput {
  row: CaseRow;
  /** The core's who-sees-what rules for this reader (`caseViewFor`). */
  rules: CaseViewRules;
  /** The filer's number, decrypted; the rules decide how much of it is shown. */
  phone: string | null;
  calendar: WorkCalendar;
  now: Date;
  allowed: StaffCaseDetail['allowedActions'];
  events: readonly CaseEventRow[];
  userNames: ReadonlyMap<string, string>;
  unitNames: ReadonlyMap<string, string>;
  photos: StaffCaseDetail['photos'];
}

/** The staff desk's case page. `contactPhoneMasked: false` means the full number is shown (the caller logs it). */
export function toStaffDetail(input: StaffDetailInput): StaffCaseDetail {
  const { row, rules, calendar, now, events, userNames, unitNames } = input;
  const state = caseState(row);
  const anonymous = row.anonymous === 1;
  const contact = filerContactIn(rules, { name: row.contact_name, phone: input.phone, anonymous });
  // A resident in the timeline is shown as the filer is: an anonymous filer stays unnamed.
  const displayName = (kind: string, userId: string | null): string | null => {
    const name = userId ? (userNames.get(userId) ?? null) : null;
    return kind === 'resident' ? residentNameIn(rules, name, anonymous && userId === row.filer_user_id) : name;
  };
  return {
    ...toStaffSummary(row, calendar, now),
    address: row.address,
    townshipCode: row.township_code,
    villageCode: row.village_code,
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng, accuracyM: row.location_accuracy_m } : null,
    anonymous,
    contactName: contact.name,
    contactPhone: contact.phone,
    contactPhoneMasked: !contact.fullPhone,
    callbackWanted: row.callback_wanted === 1,
    callId: row.call_id,
    mediaIds: JSON.parse(row.media_ids) as string[],
    answers: JSON.parse(row.answers_json) as StoredAnswer[],
    photos: input.photos,
    responsibleTownshipUnitId: state.assignment.responsibleTownshipUnitId,
    assistingUnitIds: state.assignment.assistingUnitIds,
    parentCaseId: state.mergedIntoCaseId,
    counters: { ...state.counters },
    requestedExtensionDays: state.requestedExtensionDays,
    allowedActions: input.allowed,
    timeline: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      at: e.at,
      visibility: e.visibility === 'public' ? 'public' : 'internal',
      actor: {
        kind: e.actor_kind,
        role: e.actor_role,
        displayName: displayName(e.actor_kind, e.actor_user_id),
        unitId: e.actor_unit_id,
        unitName: e.actor_unit_id ? (unitNames.get(e.actor_unit_id) ?? null) : null,
      },
      payload: JSON.parse(e.payload_json) as Record<string, unknown>,
    })),
  };
}

// Rows into the staff wire shapes, field by field, so a new column never leaks.
import { type CaseState, type StaffCaseSummary, type WorkCalendar, resumeClock } from '@hotline/core';
import { type CaseRow, caseState } from '../cases/cases.repository';

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

// What a resident may do with a case now, from what the resident API shows. The server decides
// in the end (core's case machine); the statuses and the reopen window come from the same core
// definitions, so the buttons cannot drift from the rules.
import {
  actionSourceStatuses,
  defaultTimeLimitPolicy,
  reopenDeadline,
  type CaseActionType,
  type ResidentCaseDetail,
} from '@hotline/core';

export type ResidentAction = 'supplement' | 'urge' | 'rate' | 'reopen';

const from = (type: CaseActionType) => new Set<string>(actionSourceStatuses(type));
const SUPPLEMENTABLE = from('supplement');
const URGEABLE = from('urge');
const RATEABLE = from('rate');
const REOPENABLE = from('request_reopen');

export function residentActions(detail: ResidentCaseDetail, now: Date = new Date()): ResidentAction[] {
  const actions: ResidentAction[] = [];
  const filer = detail.relation === 'filer';
  if (filer && SUPPLEMENTABLE.has(detail.status)) actions.push('supplement');
  // A resident may urge once the step is near or past its deadline (core's URGE_NOT_DUE rule).
  const due = detail.deadline?.state === 'warning' || detail.deadline?.state === 'overdue';
  if (URGEABLE.has(detail.status) && due) actions.push('urge');
  if (filer && RATEABLE.has(detail.status) && !detail.flags.rated) actions.push('rate');
  if (
    filer &&
    REOPENABLE.has(detail.status) &&
    !detail.flags.reopenPending &&
    detail.closedAt &&
    now.getTime() <= reopenDeadline(defaultTimeLimitPolicy, detail.closedAt).getTime()
  )
    actions.push('reopen');
  return actions;
}

// What a resident may do with a case now, from what the resident API shows. The server
// decides in the end (core's case machine); this only keeps impossible buttons off the screen.
import type { ResidentCaseDetail } from '@hotline/core';

export type ResidentAction = 'supplement' | 'urge' | 'rate' | 'reopen';

const ENDED = new Set(['closed', 'rejected', 'merged']);
const RATEABLE = new Set(['replied', 'callback', 'closed']);
const REOPEN_WINDOW_MS = 15 * 24 * 3600 * 1000;

export function residentActions(detail: ResidentCaseDetail, now: Date = new Date()): ResidentAction[] {
  const actions: ResidentAction[] = [];
  const open = !ENDED.has(detail.status);
  const filer = detail.relation === 'filer';
  if (open && filer) actions.push('supplement');
  if (open && (detail.deadline?.state === 'warning' || detail.deadline?.state === 'overdue')) actions.push('urge');
  if (filer && RATEABLE.has(detail.status) && !detail.flags.rated) actions.push('rate');
  if (
    filer &&
    detail.status === 'closed' &&
    !detail.flags.reopenPending &&
    detail.closedAt &&
    now.getTime() - new Date(detail.closedAt).getTime() <= REOPEN_WINDOW_MS
  )
    actions.push('reopen');
  return actions;
}

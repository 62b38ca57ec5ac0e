// How the hotline speaks Open311 GeoReport v2: which cases the public may list, our statuses as
// its open/closed, our question kinds as its attribute datatypes, and the status notes in Chinese.
import type { QuestionKind } from './category-questions';
import type { CaseStatus } from './vocabulary';

export type Open311Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export const open311Datatypes: Readonly<Record<QuestionKind, Open311Datatype>> = {
  text: 'string',
  number: 'number',
  datetime: 'datetime',
  single_choice: 'singlevaluelist',
  multi_choice: 'multivaluelist',
};

/** A request exists for the public once the centre accepted it; refused filings never appear. */
export const open311ListedStatuses = [
  'accepted',
  'awaiting_info',
  'dispatched',
  'signed',
  'returned',
  'replied',
  'callback',
  'closed',
  'merged',
] as const satisfies readonly CaseStatus[];

export function open311Status(status: string): 'open' | 'closed' {
  return status === 'closed' || status === 'rejected' || status === 'merged' ? 'closed' : 'open';
}

/** What the status means for the public, when the timeline has no words of its own for it. */
export const open311StatusNotesZhCN: Readonly<Record<string, string>> = {
  submitted: '已提交，等待受理',
  awaiting_info: '等待补充信息',
  accepted: '已受理，等待派单',
  dispatched: '已派至承办单位',
  signed: '承办单位办理中',
  returned: '重新派单中',
  replied: '承办单位已答复，热线中心审核中',
  callback: '已答复，等待回访',
  closed: '已办结',
  rejected: '不予受理',
  merged: '已并入相同诉求一并办理',
};

// What a notification says, per event and per side (resident or staff). Chinese, as users read it.
export type Side = 'resident' | 'staff';

const RESIDENT: Record<string, string | ((p: Record<string, unknown>) => string)> = {
  accept: '您的诉求已受理',
  reject: '您的诉求未予受理',
  merge: '您的诉求已合并办理',
  answer: '您的诉求已答复',
  request_info: '请补充诉求信息',
  dispatch: '您的诉求已派往承办单位',
  rule_return: '您的诉求已重新派单',
  sign: '承办单位已签收您的诉求',
  reply: '您的诉求已办理并回复',
  callback: '您的诉求已办结',
  rule_reopen: (p) => (p.decision === 'uphold' ? '您的重办申请已通过' : '您的重办申请未通过'),
};

const STAFF: Record<string, string | ((p: Record<string, unknown>) => string)> = {
  submit: '新诉求待受理',
  supplement: '诉求人已补充信息',
  dispatch: '新工单待签收',
  forward: '乡镇转派工单待签收',
  take_back: '工单已由乡镇收回',
  return: (p) => (p.toStatus === 'returned' ? '退单申请待审核' : '村（社区）退回工单'),
  rule_return: '退单已审核，工单待签收',
  request_extension: '延期申请待审核',
  rule_extension: (p) => (p.decision === 'grant' ? '延期申请已批准' : '延期申请未获批准'),
  contribute: '协办单位提交了意见',
  reply: '工单已回复，待回访',
  review: '工单被退回重办',
  rate: '诉求人评价不满意',
  request_reopen: '诉求人申请重办',
  rule_reopen: '工单重办，待派单',
  urge: '工单催办',
  supervise: '工单被督办',
  repeat_demand: (p) => `同一问题已有${String(p.demandCount)}位群众反映`,
  warning: '工单即将超期',
  overdue: '工单已超期',
};

/** The kinds each side hears of, most important first: the order templates are offered in. */
export function notificationKinds(side: Side): string[] {
  if (side === 'resident') return Object.keys(RESIDENT);
  const first = ['dispatch', 'forward', 'warning', 'overdue', 'urge', 'supervise', 'rule_return', 'rule_extension'];
  return [...first, ...Object.keys(STAFF).filter((k) => !first.includes(k))];
}

export function titleOf(kind: string, side: Side, payload: Record<string, unknown>): string {
  const entry = (side === 'resident' ? RESIDENT : STAFF)[kind] ?? (side === 'resident' ? '您的诉求有新进展' : '工单有新动态');
  return typeof entry === 'function' ? entry(payload) : entry;
}

export function bodyOf(trackingNumber: string, description: string): string {
  const summary = Array.from(description.replace(/\s+/g, ' ').trim());
  return `工单 ${trackingNumber}：${summary.length > 60 ? summary.slice(0, 59).join('') + '…' : summary.join('')}`;
}

export const STATUS_TEXT: Record<string, string> = {
  submitted: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  merged: '已合并',
  awaiting_info: '待补充',
  dispatched: '已派单',
  signed: '办理中',
  returned: '退单中',
  replied: '已答复',
  callback: '待回访',
  closed: '已办结',
};

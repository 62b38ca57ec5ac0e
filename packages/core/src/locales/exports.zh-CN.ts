// The words of exported files (CSV and XLSX): column headers, the values of coded columns, file
// and sheet names. The server writes them; a county's staff read them in Excel or WPS.
import type { CaseStatus, Channel, DeadlineState, DemandType, Urgency } from '../vocabulary';
import type { QueueTab } from '../schemas/queues';
import type { MeasureRate } from '../measures';

export const caseExportColumnsZhCN = {
  trackingNumber: '工单编号',
  status: '状态',
  deadlineState: '时限状态',
  flags: '标记',
  demandType: '诉求类型',
  urgency: '紧急程度',
  channel: '来源渠道',
  category: '诉求分类',
  summary: '诉求内容（摘要）',
  address: '地址',
  township: '乡镇（街道）',
  assigneeUnit: '当前承办单位',
  leadUnit: '主办单位',
  step: '当前环节',
  dueAt: '环节时限',
  createdAt: '受理时间',
  contactName: '诉求人',
  contactPhone: '联系电话',
} as const;
export type CaseExportColumn = keyof typeof caseExportColumnsZhCN;

export const exportValuesZhCN = {
  status: {
    submitted: '待受理',
    awaiting_info: '待补充信息',
    accepted: '已受理',
    dispatched: '已派单',
    signed: '已签收',
    returned: '已退单',
    replied: '已答复',
    callback: '待回访',
    closed: '已办结',
    rejected: '不予受理',
    merged: '已并单',
  } satisfies Record<CaseStatus, string>,
  deadlineState: { normal: '正常', warning: '临期', overdue: '超期' } satisfies Record<DeadlineState, string>,
  demandType: {
    consultation: '咨询',
    help: '求助',
    complaint: '投诉',
    report: '举报',
    suggestion: '建议',
    praise: '表扬',
  } satisfies Record<DemandType, string>,
  urgency: { normal: '一般', urgent: '紧急' } satisfies Record<Urgency, string>,
  channel: { wechat: '微信小程序', h5: '网页', phone: '电话', open311: '开放接口' } satisfies Record<Channel, string>,
  step: { accept: '受理', dispatch: '派单', sign: '签收', reply: '答复', callback: '回访' } as Record<string, string>,
  flags: { supervised: '督办', problem: '问题工单', extensionPending: '延期待批', anonymous: '匿名' },
  anonymousFiler: '（匿名）',
} as const;

export const measuresExportColumnsZhCN = {
  rank: '排名',
  name: { unit: '承办单位', category: '诉求分类', township: '乡镇（街道）' },
  filed: '受理量',
  dispatched: '派单量',
  replied: '答复量',
  rated: '评价数',
  averageReplyHours: '平均办理时长（小时）',
  score: '综合得分',
  previousRank: '上期排名',
  rates: {
    responseRate: '响应率',
    resolutionRate: '解决率',
    satisfactionRate: '满意率',
    onTimeRate: '按时办结率',
    returnRate: '退单率',
    sentBackRate: '发回重办率',
  } satisfies Record<MeasureRate, string>,
  change: (rate: string) => `${rate}较上期（百分点）`,
} as const;

export const queueTabNamesZhCN: Readonly<Record<QueueTab, string>> = {
  to_accept: '待受理',
  to_dispatch: '待派单',
  to_sign: '待签收',
  in_progress: '办理中',
  warning: '临期',
  overdue: '超期',
  returned: '退单待审',
  extension_requests: '延期申请',
  replies_to_review: '答复待审',
  callbacks_due: '待回访',
  reopen_requests: '重办申请',
  problem: '问题工单',
  supervised: '督办件',
};

/** File names (without the extension): what the reader's download folder shows. */
export const exportFileNamesZhCN = {
  cases: (tab: QueueTab, date: string) => `工单导出-${queueTabNamesZhCN[tab]}-${date}`,
  measures: (from: string, to: string) => `考核指标-${from}至${to}`,
  casesSheet: '工单',
  measuresSheet: '考核指标',
};

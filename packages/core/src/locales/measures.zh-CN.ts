// The definitions of the measures, shown beside the figures on the analytics pages and in the API.
import type { MeasureRate } from '../measures';

export const measureDefinitionsZhCN: Readonly<Record<MeasureRate, string>> = {
  responseRate: '响应率 = 时限内签收的派单数 / 派单数（派单、退单改派、乡镇转派至村，计入派单当日）',
  resolutionRate: '解决率 = 评价为已解决的工单数 / 评价数（每单只计最后一次回访或群众评价，计入被评价答复的单位）',
  satisfactionRate: '满意率 = （满意 + 基本满意）/ 评价数',
  onTimeRate: '按时办结率 = 时限内答复数（含批准的延期）/ 答复数',
  returnRate: '退单率 = 退单数 / 派单数',
  sentBackRate: '发回重办率 = 被退回重办的答复数 / 审核的答复数',
};

export const measureNotesZhCN = [
  '时限按事件发生时有效的办理时限规则和工作日历判断，调整规则不改变以往时段的结果。',
  '综合得分 = 响应率、解决率、满意率、按时办结率中有数据者的平均值，用于排名。',
  '无分母时比率为 null。日期按北京时间，起止日期均含。',
];

// HTTP for the unit measures of a period.
import { Controller, Get, Query } from '@nestjs/common';
import { measuresQuerySchema, measuresResponseSchema, type MeasuresQuery } from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { MeasuresService } from './measures.service';

const MEASURES_DESCRIPTION = [
  '按承办单位统计所选时段（上海时间，起止日期均含）内发生的办理环节，时限按当前办理时限规则和工作日历重新计算：',
  '响应率 = 时限内签收的派单数 / 派给该单位的派单数（派单、退单改派、乡镇转派至村）；',
  '解决率 = 评价为已解决的工单数 / 评价数；满意率 = （满意 + 基本满意）/ 评价数（回访或群众评价，每单取时段内最后一次，计入被评价答复的单位）；',
  '按时办结率 = 时限内答复数（含批准的延期）/ 答复数；退单率 = 退单数 / 派单数；发回重办率 = 被退回重办的答复数 / 审核的答复数。',
  '无分母时比率为 null。',
].join('');

@Controller()
export class MeasuresController {
  constructor(private readonly service: MeasuresService) {}

  @Get('measures')
  @Endpoint({
    summary: '各承办单位的考核指标（响应率、解决率、满意率、按时办结率、退单率、发回重办率）',
    description: MEASURES_DESCRIPTION,
    tags: ['measures'],
    access: 'measures.read',
    query: measuresQuerySchema,
    response: measuresResponseSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'],
  })
  measures(@Query() query: MeasuresQuery, @CurrentPrincipal() principal: Principal) {
    return this.service.measures(query, principal);
  }
}

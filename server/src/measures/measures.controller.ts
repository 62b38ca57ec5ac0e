// HTTP for the measures (三率 and the rest), rankings and trends, read from the analytics roll-ups.
import { Controller, Get, Query } from '@nestjs/common';
import {
  analyticsMeasuresQuerySchema,
  analyticsMeasuresResponseSchema,
  measureDefinitionsZhCN,
  measuresQuerySchema,
  measuresResponseSchema,
  trendsQuerySchema,
  trendsResponseSchema,
  type AnalyticsMeasuresQuery,
  type MeasuresQuery,
  type TrendsQuery,
  type ErrorCode,
} from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { MeasuresService } from './measures.service';

const DEFINITIONS = Object.values(measureDefinitionsZhCN).join('；');
const ERRORS: ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'];

@Controller()
export class MeasuresController {
  constructor(private readonly service: MeasuresService) {}

  @Get('measures')
  @Endpoint({
    summary: '各承办单位的考核指标（响应率、解决率、满意率、按时办结率、退单率、发回重办率）',
    description: `按承办单位统计所选时段（北京时间，起止日期均含）的办理环节：${DEFINITIONS}。无分母时比率为 null。单位负责人只看到本单位。`,
    tags: ['measures'],
    access: 'analytics.read',
    query: measuresQuerySchema,
    response: measuresResponseSchema,
    errors: ERRORS,
  })
  measures(@Query() query: MeasuresQuery, @CurrentPrincipal() principal: Principal) {
    return this.service.unitMeasures(query, principal);
  }

  @Get('analytics/measures')
  @Endpoint({
    summary: '按单位、诉求分类或乡镇（街道）统计考核指标，含排名与上期对比',
    description: `${DEFINITIONS}。排名按综合得分（三率与按时办结率中有数据者的平均值）；上期为等长的前一时段（整月则为前若干整月）。时段不超过5年，不能从今天以后开始；未知的单位、分类、乡镇答 400。`,
    tags: ['measures'],
    access: 'analytics.read',
    query: analyticsMeasuresQuerySchema,
    response: analyticsMeasuresResponseSchema,
    errors: ERRORS,
  })
  analyticsMeasures(@Query() query: AnalyticsMeasuresQuery, @CurrentPrincipal() principal: Principal) {
    return this.service.measures(query, principal);
  }

  @Get('analytics/trends')
  @Endpoint({
    summary: '按日、周（周一起）或月的受理量与各项比率走势，可按分类、乡镇、渠道、单位筛选',
    tags: ['measures'],
    access: 'analytics.read',
    query: trendsQuerySchema,
    response: trendsResponseSchema,
    errors: ERRORS,
  })
  trends(@Query() query: TrendsQuery, @CurrentPrincipal() principal: Principal) {
    return this.service.trends(query, principal);
  }
}

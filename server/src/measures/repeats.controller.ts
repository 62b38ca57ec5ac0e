// HTTP for the repeated demands: the matters found in a period and one matter with all its cases.
import { Controller, Get, Param, Query } from '@nestjs/common';
import { repeatDetailSchema, repeatsQuerySchema, repeatsResponseSchema, spikeParamsSchema, type RepeatsQuery } from '@hotline/core';
import { RepeatsService } from '../analytics/repeats.service';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';

@Controller('analytics/repeats')
export class RepeatsController {
  constructor(private readonly service: RepeatsService) {}

  @Get()
  @Endpoint({
    summary: '重复诉求：同一分类、在分类的附近半径内、30天内3件以上的诉求（单位负责人只看到本单位的）',
    tags: ['measures'],
    access: 'analytics.read',
    query: repeatsQuerySchema,
    response: repeatsResponseSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'],
  })
  list(@Query() query: RepeatsQuery, @CurrentPrincipal() principal: Principal) {
    return this.service.list(query, principal);
  }

  @Get(':id')
  @Endpoint({
    summary: '一件重复诉求及其全部工单',
    tags: ['measures'],
    access: 'analytics.read',
    params: spikeParamsSchema,
    response: repeatDetailSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'NOT_FOUND'],
  })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.service.get(Number(id), principal);
  }
}

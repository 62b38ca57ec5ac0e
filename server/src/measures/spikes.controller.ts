// HTTP for the spike alerts (EARS C2 per category × township): the list for a period and one
// spike with the cases behind it.
import { Controller, Get, Param, Query } from '@nestjs/common';
import { spikeDetailSchema, spikeParamsSchema, spikesQuerySchema, spikesResponseSchema, type SpikesQuery } from '@hotline/core';
import { SpikesService } from '../analytics/spikes.service';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';

@Controller('analytics/spikes')
export class SpikesController {
  constructor(private readonly service: SpikesService) {}

  @Get()
  @Endpoint({
    summary: '诉求突增预警：某分类在某乡镇（街道）当日受理量超过其前第3至第9天均值加3倍标准差（EARS C2，且不少于3件）',
    tags: ['measures'],
    access: 'measures.read',
    query: spikesQuerySchema,
    response: spikesResponseSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'],
  })
  list(@Query() query: SpikesQuery, @CurrentPrincipal() principal: Principal) {
    return this.service.list(query, principal);
  }

  @Get(':id')
  @Endpoint({
    summary: '一次突增预警及其当日的工单',
    tags: ['measures'],
    access: 'measures.read',
    params: spikeParamsSchema,
    response: spikeDetailSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'NOT_FOUND'],
  })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.service.get(Number(id), principal);
  }
}

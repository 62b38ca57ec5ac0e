// The case queues: one list per tab, sorted by deadline and keyset-paged, and the counts that
// label the tabs. Read-only; actions on a case go through the workflow routes.
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  queueCountsSchema,
  queueFiltersSchema,
  queuePageQuerySchema,
  queuePageSchema,
  queueTabParamsSchema,
  type QueueFilters,
  type QueuePageQuery,
  type QueueTab,
  type ErrorCode,
} from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { QueuesService } from './queues.service';

const tags = ['queues'];
const errors: ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'];

@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  // Declared before ':tab' so that 'counts' is not taken for a tab name.
  @Get('counts')
  @Endpoint({
    summary: '各工单队列的数量',
    tags,
    access: 'queues.read',
    query: queueFiltersSchema,
    response: queueCountsSchema,
    errors,
  })
  counts(@CurrentPrincipal() p: Principal, @Query() query: QueueFilters) {
    return this.queues.counts(p, query);
  }

  @Get(':tab')
  @Endpoint({
    summary: '工单队列（按办理时限排序，游标分页）',
    tags,
    access: 'queues.read',
    params: queueTabParamsSchema,
    query: queuePageQuerySchema,
    response: queuePageSchema,
    errors,
  })
  page(@CurrentPrincipal() p: Principal, @Param() params: { tab: QueueTab }, @Query() query: QueuePageQuery) {
    return this.queues.page(p, params.tab, query);
  }
}

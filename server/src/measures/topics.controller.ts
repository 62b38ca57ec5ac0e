// HTTP for 每月一题: mark the month's matter, list them, and one with its months before and after.
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { createTopicSchema, spikeParamsSchema, topicDetailSchema, topicSchema, topicsResponseSchema, type CreateTopic } from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { TopicsService } from './topics.service';

@Controller('analytics/topics')
export class TopicsController {
  constructor(private readonly service: TopicsService) {}

  @Post()
  @Endpoint({
    summary: '把一件反复出现的事（分类 + 乡镇）定为某月的“每月一题”（每月一件）',
    tags: ['measures'],
    access: 'analytics.topics',
    body: createTopicSchema,
    response: topicSchema,
    status: 201,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'CONFLICT'],
  })
  create(@Body() body: CreateTopic, @CurrentPrincipal() principal: Principal) {
    return this.service.create(body, principal);
  }

  @Get()
  @Endpoint({
    summary: '历次“每月一题”',
    tags: ['measures'],
    access: 'measures.read',
    response: topicsResponseSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
  })
  list(@CurrentPrincipal() principal: Principal) {
    return this.service.list(principal);
  }

  @Get(':id')
  @Endpoint({
    summary: '一个“每月一题”：该事项在定题前后各6个月的逐月受理量与各项比率',
    tags: ['measures'],
    access: 'measures.read',
    params: spikeParamsSchema,
    response: topicDetailSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'NOT_FOUND'],
  })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.service.get(Number(id), principal);
  }
}

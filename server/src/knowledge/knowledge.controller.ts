// Public knowledge-base search: residents look before they file.
import { Controller, Get, Query } from '@nestjs/common';
import { knowledgeQuerySchema, knowledgeSearchResponseSchema, type KnowledgeQuery, type KnowledgeSearchResponse } from '@hotline/core';
import { Endpoint } from '../common/endpoint';
import { KnowledgeService } from './knowledge.service';

@Controller('knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Get()
  @Endpoint({
    summary: '搜索知识库',
    description: '按问题中的每两个相邻汉字匹配，命中越多越靠前。',
    tags: ['knowledge'],
    access: 'public',
    query: knowledgeQuerySchema,
    response: knowledgeSearchResponseSchema,
    errors: ['VALIDATION_FAILED'],
  })
  search(@Query() query: KnowledgeQuery): Promise<KnowledgeSearchResponse> {
    return this.knowledge.search(query.q, query.limit);
  }
}

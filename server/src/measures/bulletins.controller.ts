// HTTP for the weekly bulletin: the issued bulletins, one with its figures, and its PDF.
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { bulletinParamsSchema, bulletinSchema, bulletinsResponseSchema } from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { BulletinsService } from './bulletins.service';

@Controller('analytics/bulletins')
export class BulletinsController {
  constructor(private readonly service: BulletinsService) {}

  @Get()
  @Endpoint({
    summary: '历期热线周报（每周一由调度任务生成上一周的周报）',
    tags: ['measures'],
    access: 'bulletins.read',
    response: bulletinsResponseSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
  })
  list(@CurrentPrincipal() principal: Principal) {
    return this.service.list(principal);
  }

  @Get(':id')
  @Endpoint({
    summary: '一期周报：受理量及环比、分类与乡镇前五、三率排名、突增预警、重复诉求、超期未办结（按生成时的数据）',
    tags: ['measures'],
    access: 'bulletins.read',
    params: bulletinParamsSchema,
    response: bulletinSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'NOT_FOUND'],
  })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.service.get(Number(id), principal);
  }

  @Get(':id/pdf')
  @Endpoint({
    summary: '一期周报的 PDF（application/pdf，按存档数据生成）',
    tags: ['measures'],
    access: 'bulletins.read',
    params: bulletinParamsSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'NOT_FOUND'],
  })
  async pdf(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { bytes, filename } = await this.service.pdf(Number(id), principal);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store');
    return bytes;
  }
}

// HTTP for the hot-spot map: counts per ~500 m hexagon over the townships' boundaries, and a cell's cases.
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  hotspotCasesResponseSchema,
  hotspotCellParamsSchema,
  hotspotsQuerySchema,
  hotspotsResponseSchema,
  type HotspotsQuery,
  type ErrorCode,
} from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { HotspotsService } from './hotspots.service';

const ERRORS: ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'];

@Controller('analytics/hotspots')
export class HotspotsController {
  constructor(private readonly service: HotspotsService) {}

  @Get()
  @Endpoint({
    summary: '热点地图：按约500米的六边形（H3 第8级）统计所选时段、分类的带位置工单，附乡镇（街道）边界',
    tags: ['measures'],
    access: 'measures.read',
    query: hotspotsQuerySchema,
    response: hotspotsResponseSchema,
    errors: ERRORS,
  })
  grid(@Query() query: HotspotsQuery, @CurrentPrincipal() principal: Principal) {
    return this.service.grid(query, principal);
  }

  @Get(':cell/cases')
  @Endpoint({
    summary: '热点单元内的工单（最新的100件）',
    tags: ['measures'],
    access: 'measures.read',
    params: hotspotCellParamsSchema,
    query: hotspotsQuerySchema,
    response: hotspotCasesResponseSchema,
    errors: ERRORS,
  })
  cases(@Param('cell') cell: string, @Query() query: HotspotsQuery, @CurrentPrincipal() principal: Principal) {
    return this.service.casesInCell(cell, query, principal);
  }
}

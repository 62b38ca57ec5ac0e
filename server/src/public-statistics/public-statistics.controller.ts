// The public statistics page's one route (no sign-in).
import { Controller, Get, Query } from '@nestjs/common';
import { publicMapSchema, publicStatisticsQuerySchema, publicStatisticsSchema, type PublicStatisticsQuery } from '@hotline/core';
import { Endpoint } from '../common/endpoint';
import { PublicStatisticsService } from './public-statistics.service';

@Controller('public')
export class PublicStatisticsController {
  constructor(private readonly statistics: PublicStatisticsService) {}

  @Get('statistics')
  @Endpoint({
    summary: '公开统计：本月及往月诉求量、热点分类、各单位三率与按时办结率（无需登录）',
    tags: ['public'],
    query: publicStatisticsQuerySchema,
    response: publicStatisticsSchema,
    errors: ['VALIDATION_FAILED'],
  })
  get(@Query() query: PublicStatisticsQuery) {
    return this.statistics.statistics(query.month);
  }

  @Get('map')
  @Endpoint({ summary: '公开地图底图：各乡镇（街道）边界（无需登录，不用在线瓦片）', tags: ['public'], response: publicMapSchema })
  map() {
    return this.statistics.map();
  }
}

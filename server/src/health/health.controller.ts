import { Controller, Get } from '@nestjs/common';
import { healthResponseSchema, type HealthResponse } from '@hotline/core';
import { Endpoint } from '../common/endpoint';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Endpoint({ summary: '服务健康状态', tags: ['system'], access: 'public', response: healthResponseSchema })
  get(): Promise<HealthResponse> {
    return this.health.check();
  }
}

// The scheduler's state for the admin's health page: when each job last ran and what it did.
import { Controller, Get } from '@nestjs/common';
import { schedulerStatusSchema } from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { SchedulerService } from './scheduler.service';

@Controller('admin/scheduler')
export class SchedulerController {
  constructor(private readonly scheduler: SchedulerService) {}

  @Get()
  @Endpoint({
    summary: '定时任务（时限预警、超时、督办、清理、数据保留）最近一次运行',
    tags: ['admin'],
    access: 'admin.manage',
    response: schedulerStatusSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
  })
  status(@CurrentPrincipal() p: Principal) {
    return this.scheduler.status(p);
  }
}

// The integrations page's API: how WeChat, SMS and Web Push are configured, WeChat fields checked.
import { Controller, Get } from '@nestjs/common';
import { integrationsStatusSchema } from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { IntegrationsService } from './integrations.service';

@Controller('admin/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  @Endpoint({
    summary: '外部渠道配置：微信订阅消息模板（含字段规则检查）、短信模板、网页推送公钥',
    tags: ['admin'],
    access: 'admin.manage',
    response: integrationsStatusSchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
  })
  status(@CurrentPrincipal() p: Principal) {
    return this.integrations.status(p);
  }
}

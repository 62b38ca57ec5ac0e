// The admin API of Open311 keys: issue one (the key is in this answer only), list, revoke.
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  createdOpen311KeySchema,
  createOpen311KeyRequestSchema,
  idParamsSchema,
  open311KeySchema,
  type CreateOpen311KeyRequest,
  type ErrorCode,
} from '@hotline/core';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { Open311KeysService } from './open311-keys.service';

const tags = ['admin'];
const access = 'admin.manage';
const common: ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'];

@Controller('admin/open311-keys')
export class Open311KeysController {
  constructor(private readonly keys: Open311KeysService) {}

  @Get()
  @Endpoint({ summary: 'Open311 API 密钥列表（不含密钥本身）', tags, access, response: z.array(open311KeySchema), errors: common })
  list(@CurrentPrincipal() p: Principal) {
    return this.keys.list(p);
  }

  @Post()
  @Endpoint({
    summary: '签发 Open311 API 密钥',
    description: '密钥只在本次应答中出现一次，服务器只保存其哈希；每个密钥按 requestsPerMinute 单独限流（超出返回 429）。',
    tags,
    access,
    body: createOpen311KeyRequestSchema,
    response: createdOpen311KeySchema,
    status: 201,
    errors: common,
  })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateOpen311KeyRequest) {
    return this.keys.create(p, body);
  }

  @Post(':id/revoke')
  @Endpoint({
    summary: '停用 Open311 API 密钥（立即生效，不可恢复）',
    tags,
    access,
    params: idParamsSchema,
    response: open311KeySchema,
    errors: [...common, 'NOT_FOUND'],
  })
  revoke(@CurrentPrincipal() p: Principal, @Param() params: { id: string }) {
    return this.keys.revoke(p, params.id);
  }
}

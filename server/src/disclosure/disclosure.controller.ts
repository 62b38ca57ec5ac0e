// HTTP for typical cases: the filer's consent, the centre's moderation, and the public reads
// (no sign-in) of what was published.
import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  createDisclosureRequestSchema,
  disclosureListSchema,
  disclosureSchema,
  publicCaseDetailSchema,
  publicCasesQuerySchema,
  publicCasesResponseSchema,
  publishConsentRequestSchema,
  publishConsentResponseSchema,
  updateDisclosureRequestSchema,
  type CreateDisclosureRequest,
  type PublicCasesQuery,
  type PublishConsentRequest,
  type UpdateDisclosureRequest,
  type ErrorCode,
} from '@hotline/core';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { DisclosureService } from './disclosure.service';

const MODERATORS = 'disclosure.moderate';
const tags = ['disclosure'];
const idParams = z.strictObject({ id: z.uuid() });
const common: ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'NOT_FOUND'];

@Controller()
export class DisclosureController {
  constructor(private readonly disclosure: DisclosureService) {}

  @Post('cases/:id/publish-consent')
  @Endpoint({
    summary: '同意或撤回公开为典型案例',
    description: '只有诉求人本人可以设置；撤回后已公开的案例立即撤下。公开前仍需热线中心审核脱敏。',
    tags,
    access: 'resident.self',
    params: idParams,
    body: publishConsentRequestSchema,
    response: publishConsentResponseSchema,
    errors: ['VALIDATION_FAILED', 'CASE_NOT_FOUND'],
  })
  consent(@CurrentPrincipal() p: Principal, @Param() params: { id: string }, @Body() body: PublishConsentRequest) {
    return this.disclosure.setConsent(p, params.id, body.consent);
  }

  @Get('disclosure')
  @Endpoint({ summary: '典型案例（审核中与已公开）', tags, access: MODERATORS, response: disclosureListSchema, errors: common })
  list(@CurrentPrincipal() p: Principal) {
    return this.disclosure.list(p);
  }

  @Post('disclosure')
  @Endpoint({
    summary: '选取已办结且诉求人同意公开的工单，生成脱敏草稿',
    description: '姓名改为“姓+先生/女士”，电话和身份证号自动删除，地址只保留到道路，位置取整到约100米。',
    tags,
    access: MODERATORS,
    body: createDisclosureRequestSchema,
    response: disclosureSchema,
    status: 201,
    errors: [...common, 'CASE_NOT_FOUND'],
  })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateDisclosureRequest) {
    return this.disclosure.create(p, body);
  }

  @Get('disclosure/:id')
  @Endpoint({ summary: '查看典型案例草稿', tags, access: MODERATORS, params: idParams, response: disclosureSchema, errors: common })
  get(@CurrentPrincipal() p: Principal, @Param() params: { id: string }) {
    return this.disclosure.get(p, params.id);
  }

  @Patch('disclosure/:id')
  @Endpoint({
    summary: '修改标题、内容、答复，选择照片并标出需要模糊的区域',
    description: '保存时再次自动删除电话、身份证号和诉求人姓名；照片按标出的区域在服务器端打码并重新编码（不含 EXIF）；匿名诉求不公开照片。',
    tags,
    access: MODERATORS,
    params: idParams,
    body: updateDisclosureRequestSchema,
    response: disclosureSchema,
    errors: common,
  })
  update(@CurrentPrincipal() p: Principal, @Param() params: { id: string }, @Body() body: UpdateDisclosureRequest) {
    return this.disclosure.update(p, params.id, body);
  }

  @Post('disclosure/:id/publish')
  @Endpoint({ summary: '审核通过并公开', tags, access: MODERATORS, params: idParams, response: disclosureSchema, errors: common })
  publish(@CurrentPrincipal() p: Principal, @Param() params: { id: string }) {
    return this.disclosure.publish(p, params.id);
  }

  @Post('disclosure/:id/unpublish')
  @Endpoint({ summary: '撤下已公开的案例', tags, access: MODERATORS, params: idParams, response: disclosureSchema, errors: common })
  unpublish(@CurrentPrincipal() p: Principal, @Param() params: { id: string }) {
    return this.disclosure.unpublish(p, params.id);
  }

  @Get('public/cases')
  @Endpoint({ summary: '已公开的典型案例（无需登录）', tags: ['public'], access: 'public', query: publicCasesQuerySchema, response: publicCasesResponseSchema, errors: ['VALIDATION_FAILED'] })
  publicList(@Query() query: PublicCasesQuery) {
    return this.disclosure.publicList(query);
  }

  @Get('public/cases/:id')
  @Endpoint({ summary: '典型案例详情：办理过程与答复（无需登录）', tags: ['public'], access: 'public', params: idParams, response: publicCaseDetailSchema, errors: ['NOT_FOUND'] })
  publicDetail(@Param() params: { id: string }) {
    return this.disclosure.publicDetail(params.id);
  }

  @Get('public/cases/:id/photos/:index')
  @Endpoint({
    summary: '典型案例的打码照片（无需登录）',
    tags: ['public'], access: 'public',
    params: z.strictObject({ id: z.uuid(), index: z.coerce.number().int().min(0).max(5) }),
    errors: ['NOT_FOUND'],
  })
  async publicPhoto(@Param() params: { id: string; index: number }, @Res() reply: FastifyReply): Promise<void> {
    const bytes = await this.disclosure.publicPhoto(params.id, params.index);
    void reply.header('content-type', 'image/jpeg').header('cache-control', 'public, max-age=300').send(bytes);
  }
}

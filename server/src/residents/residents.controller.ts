// The resident's case routes: file, list own, read one with its timeline, nearby, follow,
// public look-up, and supplement / urge / rate / reopen.
import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  fileCaseRequestSchema,
  fileCaseResponseSchema,
  followCaseRequestSchema,
  lookupQuerySchema,
  lookupResponseSchema,
  myCasesQuerySchema,
  myCasesResponseSchema,
  nearbyQuerySchema,
  nearbyResponseSchema,
  rateRequestSchema,
  reopenRequestSchema,
  residentCaseDetailSchema,
  residentCaseParamsSchema,
  supplementRequestSchema,
  urgeRequestSchema,
  type FileCaseRequest,
  type FileCaseResponse,
  type FollowCaseRequest,
  type LookupQuery,
  type LookupResponse,
  type MyCasesQuery,
  type MyCasesResponse,
  type NearbyQuery,
  type NearbyResponse,
  type RateRequest,
  type ReopenRequest,
  type ResidentCaseDetail,
  type SupplementRequest,
  type UrgeRequest,
  type ErrorCode,
} from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { ResidentsService } from './residents.service';

const RESIDENT = 'resident.self';
const CASE_ERRORS: ErrorCode[] = ['VALIDATION_FAILED', 'CASE_NOT_FOUND', 'TRANSITION_NOT_ALLOWED', 'ROLE_NOT_ALLOWED', 'CONFLICT'];

@Controller()
export class ResidentsController {
  constructor(private readonly residents: ResidentsService) {}

  @Post('cases')
  @Endpoint({
    summary: '提交诉求',
    description:
      '必须带 Idempotency-Key 请求头（每位群众独立，保留24小时）：缺少 → 400；同一键不同内容 → 422；首个请求仍在处理 → 409；重放返回首次的状态与内容（响应头 Idempotent-Replayed: true）。' +
      '位置可为 WGS-84 或 GCJ-02（wx.getLocation type=gcj02），服务器按公开的 GCJ-02 算法换算为 WGS-84 保存，并据此判定乡镇和村；县外的点照常受理，area.located=false，由话务员确定区域。',
    tags: ['residents'],
    access: RESIDENT,
    body: fileCaseRequestSchema,
    response: fileCaseResponseSchema,
    status: 201,
    errors: ['VALIDATION_FAILED', 'IDEMPOTENCY_KEY_MISSING', 'IDEMPOTENCY_KEY_REUSED', 'MEDIA_NOT_FOUND', 'RATE_LIMITED'],
  })
  async file(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: FileCaseRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Req() req: FastifyRequest,
  ): Promise<FileCaseResponse> {
    const result = await this.residents.fileCase(principal, key, body, req.ip);
    void reply.status(result.status);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  @Get('me/cases')
  @Endpoint({ summary: '我的诉求（含关注的）', tags: ['residents'], access: RESIDENT, query: myCasesQuerySchema, response: myCasesResponseSchema, errors: ['VALIDATION_FAILED'] })
  mine(@CurrentPrincipal() principal: Principal, @Query() query: MyCasesQuery): Promise<MyCasesResponse> {
    return this.residents.myCases(principal, query);
  }

  @Get('cases/nearby')
  @Endpoint({
    summary: '附近同类诉求',
    description: '30天内、该分类半径（默认200米）内仍在办理的诉求，最多5条；不含任何个人信息，位置取整到约100米。',
    tags: ['residents'],
    access: RESIDENT,
    query: nearbyQuerySchema,
    response: nearbyResponseSchema,
    errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
  })
  nearby(@CurrentPrincipal() principal: Principal, @Query() query: NearbyQuery): Promise<NearbyResponse> {
    return this.residents.nearby(principal, query);
  }

  @Get('cases/lookup')
  @Endpoint({
    summary: '按工单编号和手机号后4位查询办理状态',
    description: '只返回状态；每个IP每分钟10次。',
    tags: ['residents'],
    access: 'public',
    query: lookupQuerySchema,
    response: lookupResponseSchema,
    errors: ['VALIDATION_FAILED', 'CASE_NOT_FOUND', 'RATE_LIMITED'],
  })
  lookup(@Query() query: LookupQuery, @Req() req: FastifyRequest): Promise<LookupResponse> {
    return this.residents.lookup(req.ip, query.trackingNumber, query.phoneLast4);
  }

  @Get('cases/:id')
  @Endpoint({ summary: '诉求详情与办理进度', tags: ['residents'], access: RESIDENT, params: residentCaseParamsSchema, response: residentCaseDetailSchema, errors: ['VALIDATION_FAILED', 'CASE_NOT_FOUND'] })
  detail(@CurrentPrincipal() principal: Principal, @Param() params: { id: string }): Promise<ResidentCaseDetail> {
    return this.residents.detail(principal, params.id);
  }

  @Post('cases/:id/follow')
  @Endpoint({
    summary: '关注（我也遇到了）',
    description: '须在该诉求分类的半径内（默认200米）；每人每天20次。',
    tags: ['residents'],
    access: RESIDENT,
    params: residentCaseParamsSchema,
    body: followCaseRequestSchema,
    response: residentCaseDetailSchema,
    errors: ['VALIDATION_FAILED', 'CASE_NOT_FOUND', 'FOLLOW_TOO_FAR', 'RATE_LIMITED'],
  })
  follow(@CurrentPrincipal() principal: Principal, @Param() params: { id: string }, @Body() body: FollowCaseRequest): Promise<ResidentCaseDetail> {
    return this.residents.follow(principal, params.id, body);
  }

  @Post('cases/:id/supplement')
  @Endpoint({ summary: '补充材料', tags: ['residents'], access: RESIDENT, params: residentCaseParamsSchema, body: supplementRequestSchema, response: residentCaseDetailSchema, errors: [...CASE_ERRORS, 'MEDIA_NOT_FOUND'] })
  supplement(@CurrentPrincipal() principal: Principal, @Param() params: { id: string }, @Body() body: SupplementRequest): Promise<ResidentCaseDetail> {
    return this.residents.supplement(principal, params.id, body.text, body.mediaIds);
  }

  @Post('cases/:id/urge')
  @Endpoint({ summary: '催办（临近或超过办理时限，每天一次）', tags: ['residents'], access: RESIDENT, params: residentCaseParamsSchema, body: urgeRequestSchema, response: residentCaseDetailSchema, errors: [...CASE_ERRORS, 'URGE_NOT_DUE', 'URGE_TOO_SOON'] })
  urge(@CurrentPrincipal() principal: Principal, @Param() params: { id: string }, @Body() body: UrgeRequest): Promise<ResidentCaseDetail> {
    return this.residents.urge(principal, params.id, body.note);
  }

  @Post('cases/:id/rate')
  @Endpoint({ summary: '评价办理结果（仅一次）', tags: ['residents'], access: RESIDENT, params: residentCaseParamsSchema, body: rateRequestSchema, response: residentCaseDetailSchema, errors: [...CASE_ERRORS, 'ALREADY_RATED'] })
  rate(@CurrentPrincipal() principal: Principal, @Param() params: { id: string }, @Body() body: RateRequest): Promise<ResidentCaseDetail> {
    return this.residents.rate(principal, params.id, body);
  }

  @Post('cases/:id/reopen')
  @Endpoint({ summary: '申请重办（办结后15天内）', tags: ['residents'], access: RESIDENT, params: residentCaseParamsSchema, body: reopenRequestSchema, response: residentCaseDetailSchema, errors: [...CASE_ERRORS, 'REOPEN_WINDOW_PASSED', 'REOPEN_PENDING'] })
  reopen(@CurrentPrincipal() principal: Principal, @Param() params: { id: string }, @Body() body: ReopenRequest): Promise<ResidentCaseDetail> {
    return this.residents.reopen(principal, params.id, body.reason);
  }
}

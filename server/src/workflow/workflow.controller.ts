// HTTP for the staff workflow: phone intake and caller history, the staff case view, the logged
// phone reveal, dispatch suggestions, one route per workspace action of the catalogue, and the
// audit check.
import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import {
  auditReportSchema,
  callerCasesRequestSchema,
  callerCasesResponseSchema,
  caseIdParamsSchema,
  casePhoneIntakeSchema,
  type CasePhoneIntake,
  dispatchSuggestionsSchema,
  revealPhoneResponseSchema,
  rolesWith,
  staffCaseDetailSchema,
  staffCaseSummarySchema,
  trackingNumberParamsSchema,
  workspaceActionOf,
  workspaceActionTypes,
  type WorkspaceActionBody,
  type ErrorCode,
} from '@hotline/core';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { AuditService } from '../cases/audit.service';
import { Endpoint } from '../common/endpoint';
import { WorkflowService } from './workflow.service';

const CASE_ERRORS: ErrorCode[] = [
  'CASE_NOT_FOUND',
  'FORBIDDEN',
  'ROLE_NOT_ALLOWED',
  'TRANSITION_NOT_ALLOWED',
  'CONFLICT',
  'VALIDATION_FAILED',
];

@Controller('cases')
export class PhoneIntakeController {
  constructor(private readonly service: WorkflowService) {}

  @Post('phone')
  @Endpoint({
    summary: '话务员录入电话诉求',
    tags: ['workflow'],
    access: 'cases.intake',
    body: casePhoneIntakeSchema,
    response: staffCaseSummarySchema,
    status: 201,
    errors: ['VALIDATION_FAILED'],
  })
  intake(@Body() body: CasePhoneIntake, @CurrentPrincipal() p: Principal) {
    return this.service.intakePhone(body, p);
  }

  @Post('by-caller')
  @Endpoint({
    summary: '来电号码的历史工单',
    description: '号码放在请求体中，不进入网址和日志。',
    tags: ['workflow'],
    access: 'cases.byCaller',
    body: callerCasesRequestSchema,
    response: callerCasesResponseSchema,
    errors: ['VALIDATION_FAILED'],
  })
  byCaller(@Body() body: { phone: string }, @CurrentPrincipal() p: Principal) {
    return this.service.casesByCaller(body.phone, p);
  }
}

@Controller('staff/cases')
export class StaffCasesController {
  constructor(private readonly service: WorkflowService) {}

  @Get('by-tracking-number/:trackingNumber')
  @Endpoint({
    summary: '按工单编号查找工单（如并单时找主单）',
    tags: ['workflow'],
    access: 'cases.readStaffView',
    params: trackingNumberParamsSchema,
    response: staffCaseSummarySchema,
    errors: ['CASE_NOT_FOUND', 'VALIDATION_FAILED'],
  })
  byTrackingNumber(@Param('trackingNumber') trackingNumber: string, @CurrentPrincipal() p: Principal) {
    return this.service.findByTrackingNumber(trackingNumber, p);
  }

  @Get(':id')
  @Endpoint({
    summary: '工作人员查看工单详情（含完整流转记录和可执行操作）',
    tags: ['workflow'],
    access: 'cases.readStaffView',
    params: caseIdParamsSchema,
    response: staffCaseDetailSchema,
    errors: ['CASE_NOT_FOUND'],
  })
  async detail(
    @Param('id') id: string,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const detail = await this.service.detail(id, p);
    reply.header('etag', `"${detail.version}"`);
    return detail;
  }

  @Post(':id/reveal-phone')
  @Endpoint({
    summary: '查看诉求人完整电话（留痕）',
    tags: ['workflow'],
    access: 'cases.revealPhone',
    params: caseIdParamsSchema,
    response: revealPhoneResponseSchema,
    errors: ['CASE_NOT_FOUND', 'FORBIDDEN'],
  })
  revealPhone(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    return this.service.revealPhone(id, p);
  }

  @Get(':id/dispatch-suggestions')
  @Endpoint({
    summary: '按派单目录推荐承办单位',
    tags: ['workflow'],
    access: 'cases.suggestDispatch',
    params: caseIdParamsSchema,
    response: dispatchSuggestionsSchema,
    errors: ['CASE_NOT_FOUND'],
  })
  dispatchSuggestions(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    return this.service.dispatchSuggestions(id, p);
  }
}

/**
 * One route per workspace action of the catalogue, POST /api/staff/cases/{id}/<path>: the
 * catalogue entry gives the path, summary, body schema, permission and error codes.
 */
@Controller('staff/cases')
export class CaseActionsController {
  constructor(readonly service: WorkflowService) {}
}

for (const type of workspaceActionTypes) {
  const entry = workspaceActionOf(type);
  const proto = CaseActionsController.prototype as unknown as Record<string, unknown>;
  const name = type.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  proto[name] = function (
    this: CaseActionsController,
    id: string,
    body: WorkspaceActionBody<typeof type>,
    principal: Principal,
    ifMatch?: string,
  ) {
    return this.service.act(id, type, body, principal, ifMatch);
  };
  const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
  Param('id')(proto, name, 0);
  Body()(proto, name, 1);
  CurrentPrincipal()(proto, name, 2);
  Headers('if-match')(proto, name, 3);
  Post(`:id/${entry.path}`)(proto, name, descriptor);
  Endpoint({
    summary: entry.summary,
    description: `请求体或 If-Match 头可带工单版本号（expectedVersion），版本已变时返回 409 CONFLICT。允许角色：${rolesWith(`action.${type}`).join('、')}。`,
    tags: ['workflow'],
    access: `action.${type}`,
    params: caseIdParamsSchema,
    body: entry.body,
    response: staffCaseSummarySchema,
    errors: [...CASE_ERRORS, ...entry.errors],
  })(proto, name, descriptor);
}

@Controller('admin/audit')
export class AuditVerifyController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Endpoint({
    summary: '校验工单流转记录哈希链是否被篡改',
    tags: ['admin'],
    access: 'admin.manage',
    response: auditReportSchema,
  })
  verify() {
    return this.audit.verify();
  }
}

// HTTP for the staff workflow: phone intake and caller history, the staff case view, the logged
// phone reveal, dispatch suggestions, one route per case action, and the audit check.
import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import {
  acceptBodySchema,
  actionRoles,
  answerBodySchema,
  auditReportSchema,
  callbackBodySchema,
  callerCasesRequestSchema,
  callerCasesResponseSchema,
  type CaseActionType,
  caseIdParamsSchema,
  casePhoneIntakeSchema,
  type CasePhoneIntake,
  contributeBodySchema,
  dispatchBodySchema,
  dispatchSuggestionsSchema,
  forwardBodySchema,
  mergeBodySchema,
  noteBodySchema,
  rejectBodySchema,
  replyBodySchema,
  requestExtensionBodySchema,
  requestInfoBodySchema,
  returnBodySchema,
  revealPhoneResponseSchema,
  reviewBodySchema,
  ruleExtensionBodySchema,
  ruleReopenBodySchema,
  ruleReturnBodySchema,
  staffCaseDetailSchema,
  staffCaseSummarySchema,
} from '@hotline/core';
import type { FastifyReply } from 'fastify';
import type { ZodType } from 'zod';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { AuditService } from '../cases/audit.service';
import { Endpoint } from '../common/endpoint';
import { type ActionBodies, type StaffActionType, WorkflowService } from './workflow.service';

const STAFF_READERS = ['operator', 'dispatcher', 'supervisor', 'handler', 'unit_manager', 'analyst', 'admin'];
const CASE_ERRORS = [
  'CASE_NOT_FOUND',
  'FORBIDDEN',
  'ROLE_NOT_ALLOWED',
  'TRANSITION_NOT_ALLOWED',
  'CONFLICT',
  'VALIDATION_FAILED',
];

/** Staff roles the machine lets fire an action; the rest are refused with 403 before the case is read. */
const staffRolesOf = (type: CaseActionType) =>
  actionRoles(type).filter((r) => r !== 'resident' && r !== 'system' && r !== 'integration');

const action = (type: StaffActionType, summary: string, body: ZodType, errors: string[] = []) =>
  Endpoint({
    summary,
    description: `请求体或 If-Match 头可带工单版本号（expectedVersion），版本已变时返回 409 CONFLICT。允许角色：${staffRolesOf(type).join('、')}。`,
    tags: ['workflow'],
    access: staffRolesOf(type),
    params: caseIdParamsSchema,
    body,
    response: staffCaseSummarySchema,
    errors: [...CASE_ERRORS, ...errors],
  });

@Controller('cases')
export class PhoneIntakeController {
  constructor(private readonly service: WorkflowService) {}

  @Post('phone')
  @Endpoint({
    summary: '话务员录入电话诉求',
    tags: ['workflow'],
    access: ['operator'],
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
    access: ['operator', 'supervisor'],
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

  @Get(':id')
  @Endpoint({
    summary: '工作人员查看工单详情（含完整流转记录和可执行操作）',
    tags: ['workflow'],
    access: STAFF_READERS,
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
    access: ['operator', 'dispatcher', 'supervisor', 'handler', 'unit_manager'],
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
    access: ['operator', 'dispatcher', 'supervisor'],
    params: caseIdParamsSchema,
    response: dispatchSuggestionsSchema,
    errors: ['CASE_NOT_FOUND'],
  })
  dispatchSuggestions(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    return this.service.dispatchSuggestions(id, p);
  }

  @Post(':id/accept')
  @action('accept', '受理', acceptBodySchema)
  accept(
    @Param('id') id: string,
    @Body() body: ActionBodies['accept'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'accept', body, p, ifMatch);
  }

  @Post(':id/reject')
  @action('reject', '不予受理', rejectBodySchema)
  reject(
    @Param('id') id: string,
    @Body() body: ActionBodies['reject'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'reject', body, p, ifMatch);
  }

  @Post(':id/merge')
  @action('merge', '并单（诉求人随主单关注）', mergeBodySchema, ['MERGE_INTO_SELF'])
  merge(
    @Param('id') id: string,
    @Body() body: ActionBodies['merge'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'merge', body, p, ifMatch);
  }

  @Post(':id/answer')
  @action('answer', '依知识库直接答复并办结', answerBodySchema, ['NOT_FOUND'])
  answer(
    @Param('id') id: string,
    @Body() body: ActionBodies['answer'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'answer', body, p, ifMatch);
  }

  @Post(':id/request-info')
  @action('request_info', '请诉求人补充材料（暂停计时）', requestInfoBodySchema)
  requestInfo(
    @Param('id') id: string,
    @Body() body: ActionBodies['request_info'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'request_info', body, p, ifMatch);
  }

  @Post(':id/dispatch')
  @action('dispatch', '派单（主办、协办单位）', dispatchBodySchema, ['UNIT_NOT_FOUND', 'DISPATCH_PUSH_DOWN_FORBIDDEN'])
  dispatch(
    @Param('id') id: string,
    @Body() body: ActionBodies['dispatch'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'dispatch', body, p, ifMatch);
  }

  @Post(':id/sign')
  @action('sign', '签收', noteBodySchema)
  sign(
    @Param('id') id: string,
    @Body() body: ActionBodies['sign'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'sign', body, p, ifMatch);
  }

  @Post(':id/forward')
  @action('forward', '乡镇转派至所辖村（社区）', forwardBodySchema, ['UNIT_NOT_FOUND', 'FORWARD_NOT_ALLOWED'])
  forward(
    @Param('id') id: string,
    @Body() body: ActionBodies['forward'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'forward', body, p, ifMatch);
  }

  @Post(':id/take-back')
  @action('take_back', '乡镇收回转派', noteBodySchema)
  takeBack(
    @Param('id') id: string,
    @Body() body: ActionBodies['take_back'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'take_back', body, p, ifMatch);
  }

  @Post(':id/return')
  @action('return', '退单', returnBodySchema, ['RETURN_WINDOW_PASSED'])
  returnCase(
    @Param('id') id: string,
    @Body() body: ActionBodies['return'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'return', body, p, ifMatch);
  }

  @Post(':id/rule-return')
  @action('rule_return', '退单审核（改派或维持）', ruleReturnBodySchema, [
    'UNIT_NOT_FOUND',
    'DISPATCH_PUSH_DOWN_FORBIDDEN',
  ])
  ruleReturn(
    @Param('id') id: string,
    @Body() body: ActionBodies['rule_return'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'rule_return', body, p, ifMatch);
  }

  @Post(':id/request-extension')
  @action('request_extension', '申请延期', requestExtensionBodySchema, ['EXTENSION_PENDING', 'EXTENSION_LIMIT_REACHED'])
  requestExtension(
    @Param('id') id: string,
    @Body() body: ActionBodies['request_extension'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'request_extension', body, p, ifMatch);
  }

  @Post(':id/rule-extension')
  @action('rule_extension', '延期审批', ruleExtensionBodySchema, ['NO_PENDING_EXTENSION', 'EXTENSION_LIMIT_REACHED'])
  ruleExtension(
    @Param('id') id: string,
    @Body() body: ActionBodies['rule_extension'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'rule_extension', body, p, ifMatch);
  }

  @Post(':id/contribute')
  @action('contribute', '协办单位提交协办意见', contributeBodySchema)
  contribute(
    @Param('id') id: string,
    @Body() body: ActionBodies['contribute'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'contribute', body, p, ifMatch);
  }

  @Post(':id/reply')
  @action('reply', '办理答复（文字和照片）', replyBodySchema)
  reply(
    @Param('id') id: string,
    @Body() body: ActionBodies['reply'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'reply', body, p, ifMatch);
  }

  @Post(':id/review')
  @action('review', '审核答复（通过或退回重办）', reviewBodySchema)
  review(
    @Param('id') id: string,
    @Body() body: ActionBodies['review'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'review', body, p, ifMatch);
  }

  @Post(':id/callback')
  @action('callback', '回访并办结', callbackBodySchema)
  callback(
    @Param('id') id: string,
    @Body() body: ActionBodies['callback'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'callback', body, p, ifMatch);
  }

  @Post(':id/rule-reopen')
  @action('rule_reopen', '重办申请审核', ruleReopenBodySchema, ['NO_PENDING_REOPEN'])
  ruleReopen(
    @Param('id') id: string,
    @Body() body: ActionBodies['rule_reopen'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'rule_reopen', body, p, ifMatch);
  }

  @Post(':id/urge')
  @action('urge', '催办', noteBodySchema)
  urge(
    @Param('id') id: string,
    @Body() body: ActionBodies['urge'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'urge', body, p, ifMatch);
  }

  @Post(':id/supervise')
  @action('supervise', '督办', noteBodySchema, ['ALREADY_SUPERVISED'])
  supervise(
    @Param('id') id: string,
    @Body() body: ActionBodies['supervise'],
    @CurrentPrincipal() p: Principal,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.service.act(id, 'supervise', body, p, ifMatch);
  }
}

@Controller('admin/audit')
export class AuditVerifyController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Endpoint({
    summary: '校验工单流转记录哈希链是否被篡改',
    tags: ['admin'],
    access: ['admin'],
    response: auditReportSchema,
  })
  verify() {
    return this.audit.verify();
  }
}

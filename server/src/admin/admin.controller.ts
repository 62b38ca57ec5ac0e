// The admin API: the rules the county runs by (time limits, calendar, units, categories, dispatch
// catalogue, staff accounts) and the audit trail of every edit to them.
import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  adminAreaSchema,
  adminAuditPageSchema,
  adminAuditQuerySchema,
  adminCategorySchema,
  categoryQuestionsResponseSchema,
  putCategoryQuestionsRequestSchema,
  type PutCategoryQuestionsRequest,
  adminUnitSchema,
  adminUserSchema,
  calendarDateParamsSchema,
  calendarYearQuerySchema,
  calendarYearResponseSchema,
  catalogueQuerySchema,
  catalogueRuleParamsSchema,
  catalogueRuleSchema,
  catalogueTrialQuerySchema,
  catalogueTrialResponseSchema,
  type CatalogueTrialQuery,
  codeParamsSchema,
  createCatalogueRuleRequestSchema,
  createCategoryRequestSchema,
  createUnitRequestSchema,
  createUserRequestSchema,
  idParamsSchema,
  policyResponseSchema,
  officeHoursRequestSchema,
  officeHoursResponseSchema,
  type OfficeHoursRequest,
  putCalendarDayRequestSchema,
  retentionPolicySchema,
  retentionResponseSchema,
  type RetentionPolicy,
  putPolicyRequestSchema,
  deleteCalendarDayQuerySchema,
  updateCategoryRequestSchema,
  updateUnitRequestSchema,
  updateUserRequestSchema,
  usersQuerySchema,
  type AdminAuditEntity,
  type CreateCatalogueRuleRequest,
  type CreateCategoryRequest,
  type CreateUnitRequest,
  type CreateUserRequest,
  type PutCalendarDayRequest,
  type PutPolicyRequest,
  type UpdateCategoryRequest,
  type UpdateUnitRequest,
  type UpdateUserRequest,
  type ErrorCode,
} from '@hotline/core';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { RetentionService } from '../privacy/retention.service';
import { AdminService } from './admin.service';

const tags = ['admin'];
const access = 'admin.manage';
const common: ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'];

@Controller('admin')
export class AdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly retention: RetentionService,
  ) {}

  @Get('retention')
  @Endpoint({ summary: '查看个人信息保存期限（办结后多久匿名化）', tags, access, response: retentionResponseSchema, errors: common })
  getRetention(@CurrentPrincipal() p: Principal) {
    return this.retention.policyFor(p);
  }

  @Put('retention')
  @Endpoint({
    summary: '修改个人信息保存期限（办结后多少天匿名化、照片是否删除）',
    tags,
    access,
    body: retentionPolicySchema,
    response: retentionResponseSchema,
    errors: common,
  })
  putRetention(@CurrentPrincipal() p: Principal, @Body() body: RetentionPolicy) {
    return this.retention.savePolicy(p, body);
  }

  @Get('policy')
  @Endpoint({ summary: '查看办理时限规则', tags, access, response: policyResponseSchema, errors: common })
  getPolicy(@CurrentPrincipal() p: Principal) {
    return this.admin.getPolicy(p);
  }

  @Put('policy')
  @Endpoint({
    summary: '修改办理时限规则（仅影响此后新计算的时限）',
    tags,
    access,
    description: 'expectedVersion 为编辑时看到的 version（默认规则为 0）；期间他人已修改时返回 409 CONFLICT，不覆盖。',
    body: putPolicyRequestSchema,
    response: policyResponseSchema,
    errors: [...common, 'CONFLICT'],
  })
  putPolicy(@CurrentPrincipal() p: Principal, @Body() body: PutPolicyRequest) {
    return this.admin.putPolicy(p, body);
  }

  @Get('office-hours')
  @Endpoint({
    summary: '查看办公时间（工作时间只在其内计算）',
    tags,
    access,
    response: officeHoursResponseSchema,
    errors: common,
  })
  getOfficeHours(@CurrentPrincipal() p: Principal) {
    return this.admin.getOfficeHours(p);
  }

  @Put('office-hours')
  @Endpoint({
    summary: '修改办公时间（仅影响此后新计算的时限）',
    tags,
    access,
    body: officeHoursRequestSchema,
    response: officeHoursResponseSchema,
    errors: [...common, 'CONFLICT'],
  })
  putOfficeHours(@CurrentPrincipal() p: Principal, @Body() body: OfficeHoursRequest) {
    return this.admin.putOfficeHours(p, body);
  }

  @Get('calendar')
  @Endpoint({
    summary: '查看某年的节假日与调休设置',
    tags,
    access,
    query: calendarYearQuerySchema,
    response: calendarYearResponseSchema,
    errors: common,
  })
  getCalendar(@CurrentPrincipal() p: Principal, @Query() query: { year: number }) {
    return this.admin.getCalendarYear(p, query.year);
  }

  @Put('calendar/:date')
  @Endpoint({
    summary: '设置某天为节假日或调休工作日',
    tags,
    access,
    params: calendarDateParamsSchema,
    body: putCalendarDayRequestSchema,
    response: calendarYearResponseSchema.shape.overrides.element,
    errors: [...common, 'CONFLICT'],
  })
  putCalendarDay(
    @CurrentPrincipal() p: Principal,
    @Param() params: { date: string },
    @Body() body: PutCalendarDayRequest,
  ) {
    return this.admin.putCalendarDay(p, params.date, body);
  }

  @Delete('calendar/:date')
  @Endpoint({
    summary: '取消某天的节假日或调休设置',
    tags,
    access,
    params: calendarDateParamsSchema,
    query: deleteCalendarDayQuerySchema,
    status: 204,
    errors: [...common, 'NOT_FOUND', 'CONFLICT'],
  })
  deleteCalendarDay(
    @CurrentPrincipal() p: Principal,
    @Param() params: { date: string },
    @Query() query: { expectedVersion?: number },
  ) {
    return this.admin.deleteCalendarDay(p, params.date, query.expectedVersion);
  }

  @Get('units')
  @Endpoint({ summary: '单位列表', tags, access, response: z.array(adminUnitSchema), errors: common })
  listUnits(@CurrentPrincipal() p: Principal) {
    return this.admin.listUnits(p);
  }

  @Post('units')
  @Endpoint({
    summary: '新建承办单位',
    tags,
    access,
    body: createUnitRequestSchema,
    response: adminUnitSchema,
    status: 201,
    errors: [...common, 'CONFLICT'],
  })
  createUnit(@CurrentPrincipal() p: Principal, @Body() body: CreateUnitRequest) {
    return this.admin.createUnit(p, body);
  }

  @Patch('units/:id')
  @Endpoint({
    summary: '修改单位名称、电话或停用单位（有未办结工单的单位不能停用）',
    tags,
    access,
    params: idParamsSchema,
    body: updateUnitRequestSchema,
    response: adminUnitSchema,
    errors: [...common, 'UNIT_NOT_FOUND', 'UNIT_HAS_OPEN_CASES', 'CONFLICT'],
  })
  updateUnit(@CurrentPrincipal() p: Principal, @Param() params: { id: string }, @Body() body: UpdateUnitRequest) {
    return this.admin.updateUnit(p, params.id, body);
  }

  @Get('areas')
  @Endpoint({
    summary: '乡镇（街道）和村（社区）区域列表',
    tags,
    access,
    response: z.array(adminAreaSchema),
    errors: common,
  })
  listAreas(@CurrentPrincipal() p: Principal) {
    return this.admin.listAreas(p);
  }

  @Get('categories')
  @Endpoint({ summary: '诉求分类列表', tags, access, response: z.array(adminCategorySchema), errors: common })
  listCategories(@CurrentPrincipal() p: Principal) {
    return this.admin.listCategories(p);
  }

  @Post('categories')
  @Endpoint({
    summary: '新建诉求分类（末级或上级分类）',
    tags,
    access,
    body: createCategoryRequestSchema,
    response: adminCategorySchema,
    status: 201,
    errors: [...common, 'CONFLICT'],
  })
  createCategory(@CurrentPrincipal() p: Principal, @Body() body: CreateCategoryRequest) {
    return this.admin.createCategory(p, body);
  }

  @Patch('categories/:code')
  @Endpoint({
    summary: '修改分类名称、职责层级、默认诉求类型或附近半径',
    tags,
    access,
    params: codeParamsSchema,
    body: updateCategoryRequestSchema,
    response: adminCategorySchema,
    errors: [...common, 'NOT_FOUND', 'DISPATCH_PUSH_DOWN_FORBIDDEN', 'CONFLICT'],
  })
  updateCategory(
    @CurrentPrincipal() p: Principal,
    @Param() params: { code: string },
    @Body() body: UpdateCategoryRequest,
  ) {
    return this.admin.updateCategory(p, params.code, body);
  }

  @Get('categories/:code/questions')
  @Endpoint({
    summary: '查看分类的问题（提交诉求时填写）',
    tags,
    access,
    params: codeParamsSchema,
    response: categoryQuestionsResponseSchema,
    errors: [...common, 'NOT_FOUND'],
  })
  getCategoryQuestions(@CurrentPrincipal() p: Principal, @Param() params: { code: string }) {
    return this.admin.getCategoryQuestions(p, params.code);
  }

  @Put('categories/:code/questions')
  @Endpoint({
    summary: '设置末级分类的问题（整体替换，按顺序提问）',
    description:
      '题型：text 文字、number 数字、datetime 日期时间、single_choice 单选、multi_choice 多选（选择题至少2个选项）。已提交的工单保留提交时的问题与回答。Open311 以服务定义（属性）公开这些问题。',
    tags,
    access,
    params: codeParamsSchema,
    body: putCategoryQuestionsRequestSchema,
    response: categoryQuestionsResponseSchema,
    errors: [...common, 'NOT_FOUND', 'CONFLICT'],
  })
  putCategoryQuestions(
    @CurrentPrincipal() p: Principal,
    @Param() params: { code: string },
    @Body() body: PutCategoryQuestionsRequest,
  ) {
    return this.admin.putCategoryQuestions(p, params.code, body);
  }

  @Get('catalogue')
  @Endpoint({
    summary: '某分类的派单目录',
    tags,
    access,
    query: catalogueQuerySchema,
    response: z.array(catalogueRuleSchema),
    errors: common,
  })
  listCatalogue(@CurrentPrincipal() p: Principal, @Query() query: { categoryCode: string }) {
    return this.admin.listCatalogue(p, query.categoryCode);
  }

  @Get('catalogue/trial')
  @Endpoint({
    summary: '试算派单：某分类在某地点（WGS-84）的工单会建议派给哪些单位',
    tags,
    access,
    query: catalogueTrialQuerySchema,
    response: catalogueTrialResponseSchema,
    errors: common,
  })
  tryCatalogue(@CurrentPrincipal() p: Principal, @Query() query: CatalogueTrialQuery) {
    return this.admin.tryCatalogue(p, query);
  }

  @Post('catalogue')
  @Endpoint({
    summary: '新增派单规则（县级职责事项不得派往乡镇或村）',
    tags,
    access,
    body: createCatalogueRuleRequestSchema,
    response: catalogueRuleSchema,
    status: 201,
    errors: [...common, 'UNIT_NOT_FOUND', 'CONFLICT', 'DISPATCH_PUSH_DOWN_FORBIDDEN'],
  })
  addCatalogueRule(@CurrentPrincipal() p: Principal, @Body() body: CreateCatalogueRuleRequest) {
    return this.admin.addCatalogueRule(p, body);
  }

  @Delete('catalogue/:id')
  @Endpoint({
    summary: '删除派单规则',
    tags,
    access,
    params: catalogueRuleParamsSchema,
    status: 204,
    errors: [...common, 'NOT_FOUND'],
  })
  removeCatalogueRule(@CurrentPrincipal() p: Principal, @Param() params: { id: number }) {
    return this.admin.removeCatalogueRule(p, params.id);
  }

  @Get('users')
  @Endpoint({
    summary: '工作人员账号列表',
    tags,
    access,
    query: usersQuerySchema,
    response: z.array(adminUserSchema),
    errors: common,
  })
  listUsers(@CurrentPrincipal() p: Principal, @Query() query: z.infer<typeof usersQuerySchema>) {
    return this.admin.listUsers(p, query);
  }

  @Post('users')
  @Endpoint({
    summary: '新建工作人员账号',
    tags,
    access,
    body: createUserRequestSchema,
    response: adminUserSchema,
    status: 201,
    errors: [...common, 'UNIT_NOT_FOUND', 'CONFLICT'],
  })
  createUser(@CurrentPrincipal() p: Principal, @Body() body: CreateUserRequest) {
    return this.admin.createUser(p, body);
  }

  @Patch('users/:id')
  @Endpoint({
    summary: '停用或启用工作人员账号、调整角色或单位（其登录随即失效）',
    tags,
    access,
    params: idParamsSchema,
    body: updateUserRequestSchema,
    response: adminUserSchema,
    errors: [...common, 'NOT_FOUND', 'UNIT_NOT_FOUND', 'CONFLICT'],
  })
  updateUser(@CurrentPrincipal() p: Principal, @Param() params: { id: string }, @Body() body: UpdateUserRequest) {
    return this.admin.updateUser(p, params.id, body);
  }

  @Get('audit')
  @Endpoint({
    summary: '管理操作审计记录（只增不改）',
    tags,
    access,
    query: adminAuditQuerySchema,
    response: adminAuditPageSchema,
    errors: common,
  })
  audit(
    @CurrentPrincipal() p: Principal,
    @Query() query: { entity?: AdminAuditEntity; before?: number; limit: number },
  ) {
    return this.admin.audit(p, query);
  }
}

// The admin's edits: time-limit policy, holiday calendar, units, categories, dispatch catalogue
// and staff users. Only admins reach these methods (the routes say so); every edit is audited and
// applies to deadlines computed from then on, never to running ones.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  centreUnitRoles,
  type Role,
  DomainError,
  ErrorCode,
  catalogueSuggestions,
  cornersInside,
  placeOf,
  polygonBox,
  type AdminArea,
  type CatalogueTrialQuery,
  type CatalogueTrialResponse,
  type NewArea,
  defaultOfficeHours,
  type OfficeHoursRequest,
  type OfficeHoursResponse,
  libraryDayKind,
  maskPhone,
  type AdminAuditEntry,
  type AdminCategory,
  type AdminUnit,
  type AdminUser,
  type CalendarYearResponse,
  type CatalogueRule,
  type CategoryQuestionsResponse,
  type PutCategoryQuestionsRequest,
  type CreateCatalogueRuleRequest,
  type CreateCategoryRequest,
  type CreateUnitRequest,
  type CreateUserRequest,
  type PolicyResponse,
  type PutCalendarDayRequest,
  type PutPolicyRequest,
  type UpdateCategoryRequest,
  type UpdateUnitRequest,
  type UpdateUserRequest,
} from '@hotline/core';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { holdingArea, ReferenceData } from '../directory/reference-data';
import { PhoneVault } from '../privacy/phone-vault';
import { AdminAuditRepository, type AdminAuditRow } from './admin-audit.repository';
import {
  AdminRepository,
  type CatalogueRuleRow,
  type AreaRow,
  type CategoryRow,
  type UnitRow,
  type UserRow,
} from './admin.repository';
import { questionsOf } from '../catalogue/answers';
import { CalendarService } from './calendar.service';
import { PolicyService } from './policy.service';
import { type CalendarOverrideRow, OFFICE_HOURS_SETTING_KEY, TimeRulesRepository } from './time-rules.repository';

const requireAdmin = (principal: Principal) => requirePermission(principal, 'admin.manage');

function changedMeanwhile(what: string): DomainError {
  return new DomainError(ErrorCode.CONFLICT, `${what}已被他人修改，请刷新后查看最新内容再修改`);
}

@Injectable()
export class AdminService {
  constructor(
    private readonly repository: AdminRepository,
    private readonly timeRules: TimeRulesRepository,
    private readonly auditTrail: AdminAuditRepository,
    private readonly calendars: CalendarService,
    private readonly policies: PolicyService,
    private readonly vault: PhoneVault,
    private readonly reference: ReferenceData,
  ) {}

  async getPolicy(principal: Principal): Promise<PolicyResponse> {
    requireAdmin(principal);
    return this.policies.stored();
  }

  async putPolicy(principal: Principal, request: PutPolicyRequest): Promise<PolicyResponse> {
    requireAdmin(principal);
    const { expectedVersion, ...policy } = request;
    const at = new Date().toISOString();
    const before = await this.policies.stored();
    const saved = await this.timeRules.savePolicy(
      JSON.stringify(policy),
      at,
      principal.userId,
      () => ({
        at,
        actorId: principal.userId,
        entity: 'policy',
        entityKey: 'time_limit_policy',
        action: before.isDefault ? 'create' : 'update',
        before: before.policy,
        after: policy,
      }),
      expectedVersion,
    );
    this.policies.invalidate();
    if (!saved) throw changedMeanwhile('办理时限规则');
    return this.policies.stored();
  }

  async getOfficeHours(principal: Principal): Promise<OfficeHoursResponse> {
    requireAdmin(principal);
    const stored = await this.calendars.officeHours();
    return {
      periods: stored.periods ?? [...defaultOfficeHours],
      isDefault: stored.periods === null,
      version: stored.version,
    };
  }

  async putOfficeHours(principal: Principal, request: OfficeHoursRequest): Promise<OfficeHoursResponse> {
    requireAdmin(principal);
    const at = new Date().toISOString();
    const before = await this.calendars.officeHours();
    const saved = await this.timeRules.saveSetting(
      OFFICE_HOURS_SETTING_KEY,
      JSON.stringify(request.periods),
      at,
      principal.userId,
      () => ({
        at,
        actorId: principal.userId,
        entity: 'office_hours',
        entityKey: OFFICE_HOURS_SETTING_KEY,
        action: before.periods ? 'update' : 'create',
        before: before.periods ?? defaultOfficeHours,
        after: request.periods,
      }),
      request.expectedVersion,
    );
    this.calendars.invalidate();
    if (!saved) throw changedMeanwhile('办公时间');
    return this.getOfficeHours(principal);
  }

  async getCalendarYear(principal: Principal, year: number): Promise<CalendarYearResponse> {
    requireAdmin(principal);
    const rows = await this.timeRules.overridesOfYear(year);
    const library: CalendarYearResponse['library'] = [];
    for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const kind = libraryDayKind(date);
      if (kind) library.push({ date, kind });
    }
    return {
      year,
      overrides: rows.map(toCalendarDay),
      library,
      libraryCoversYear: library.some((d) => d.kind === 'holiday'),
    };
  }

  async putCalendarDay(
    principal: Principal,
    date: string,
    body: PutCalendarDayRequest,
  ): Promise<CalendarYearResponse['overrides'][number]> {
    requireAdmin(principal);
    const day = { date, kind: body.kind, note: body.note ?? null, updated_at: new Date().toISOString() };
    const after = await this.timeRules.putOverride(day, principal.userId, body.expectedVersion);
    this.calendars.invalidate();
    if (after === 'conflict') throw changedMeanwhile(`${date} 的设置`);
    return toCalendarDay(after);
  }

  async deleteCalendarDay(principal: Principal, date: string, expectedVersion?: number): Promise<void> {
    requireAdmin(principal);
    const deleted = await this.timeRules.deleteOverride(date, new Date().toISOString(), principal.userId, expectedVersion);
    this.calendars.invalidate();
    if (!deleted) throw new DomainError(ErrorCode.NOT_FOUND, `${date} 没有设置调整`);
    if (deleted === 'conflict') throw changedMeanwhile(`${date} 的设置`);
  }

  async listUnits(principal: Principal): Promise<AdminUnit[]> {
    requireAdmin(principal);
    const [rows, open] = await Promise.all([this.repository.listUnits(), this.repository.openCaseCounts()]);
    return rows.map((row) => toUnit(row, open.get(row.id) ?? 0));
  }

  async listAreas(principal: Principal): Promise<AdminArea[]> {
    requireAdmin(principal);
    return (await this.repository.listAreas()).map((a) => ({
      code: a.code,
      name: a.name,
      kind: a.kind,
      parentCode: a.parent_code,
    }));
  }

  async createUnit(principal: Principal, body: CreateUnitRequest): Promise<AdminUnit> {
    requireAdmin(principal);
    if (await this.repository.unitCodeTaken(body.code)) {
      throw new DomainError(ErrorCode.CONFLICT, `单位编码 ${body.code} 已存在`, { field: 'code' });
    }
    let parentId: string | null = null;
    let parentArea: AreaRow | undefined;
    if (body.kind === 'village') {
      const parent = body.parentId ? await this.repository.findUnit(body.parentId) : undefined;
      if (!parent || parent.kind !== 'township') {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, '村（社区）必须隶属于一个乡镇（街道）', {
          field: 'parentId',
        });
      }
      parentId = parent.id;
      parentArea = parent.area_code ? await this.repository.findArea(parent.area_code) : undefined;
    } else if (body.parentId) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '只有村（社区）有上级单位', { field: 'parentId' });
    }
    if (body.areaCode && !(await this.repository.areaExists(body.areaCode))) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `区域 ${body.areaCode} 不存在`, { field: 'areaCode' });
    }
    const newArea = body.newArea
      ? await this.checkedNewArea(body.newArea, body.kind === 'village' ? 'village' : 'township', parentArea)
      : undefined;
    const at = new Date().toISOString();
    const row = {
      id: randomUUID(),
      code: body.code,
      name: body.name,
      kind: body.kind,
      parent_id: parentId,
      area_code: newArea?.code ?? body.areaCode ?? null,
      phone: body.phone ?? null,
      active: 1,
      created_at: at,
      version: 1,
    };
    await this.repository.createUnit(row, { at, actorId: principal.userId }, newArea);
    return toUnit(row, 0);
  }

  /**
   * A boundary drawn for a new unit: its code is new, it overlaps no area of its kind, and a
   * village lies inside its township's area.
   */
  private async checkedNewArea(area: NewArea, kind: AreaRow['kind'], parent: AreaRow | undefined): Promise<AreaRow> {
    const problem = (message: string, field = 'newArea.boundary') =>
      new DomainError(ErrorCode.VALIDATION_FAILED, message, { field });
    if (await this.repository.areaExists(area.code)) throw problem(`区划代码 ${area.code} 已存在`, 'newArea.code');
    const box = polygonBox(area.boundary.coordinates);
    const row: AreaRow = {
      code: area.code,
      name: area.name,
      kind,
      parent_code: kind === 'village' ? (parent?.code ?? null) : null,
      geometry: JSON.stringify(area.boundary),
      min_lat: box.minLat,
      min_lng: box.minLng,
      max_lat: box.maxLat,
      max_lng: box.maxLng,
    };
    if (kind === 'village') {
      if (!parent) throw problem('所属乡镇（街道）还没有区域，请先为它划定区域');
      if (!cornersInside(area.boundary, JSON.parse(parent.geometry) as AreaPolygonLike).all) {
        throw problem(`村（社区）的边界必须在${parent.name}的区域之内`);
      }
    }
    for (const other of await this.repository.areasMeeting(kind, row)) {
      const theirs = JSON.parse(other.geometry) as AreaPolygonLike;
      if (cornersInside(area.boundary, theirs).some || cornersInside(theirs, area.boundary).some) {
        throw problem(`边界与${other.name}（${other.code}）的区域重叠`);
      }
    }
    return row;
  }

  async updateUnit(principal: Principal, id: string, body: UpdateUnitRequest): Promise<AdminUnit> {
    requireAdmin(principal);
    const before = await this.repository.findUnit(id);
    if (!before) throw new DomainError(ErrorCode.UNIT_NOT_FOUND);
    if (body.expectedVersion !== undefined && body.expectedVersion !== before.version) {
      throw changedMeanwhile(`单位“${before.name}”`);
    }
    if (before.kind === 'centre' && body.active === false) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '不能停用热线中心', { field: 'active' });
    }
    if (body.active === false && before.active === 1) {
      const open = await this.repository.openCaseCount(before.id);
      if (open > 0) {
        throw new DomainError(
          ErrorCode.UNIT_HAS_OPEN_CASES,
          `${before.name}还有 ${open} 件未办结的工单，请先改派或办结后再停用`,
          { field: 'active', openCases: open },
        );
      }
    }
    const changes = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.active !== undefined ? { active: body.active ? 1 : 0 } : {}),
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
    };
    const after = await this.repository.updateUnit(before, changes, {
      at: new Date().toISOString(),
      actorId: principal.userId,
    });
    if (!after) throw changedMeanwhile(`单位“${before.name}”`);
    return toUnit(after, await this.repository.openCaseCount(after.id));
  }

  async listCategories(principal: Principal): Promise<AdminCategory[]> {
    requireAdmin(principal);
    return (await this.repository.listCategories()).map(toCategory);
  }

  async createCategory(principal: Principal, body: CreateCategoryRequest): Promise<AdminCategory> {
    requireAdmin(principal);
    if (await this.repository.findCategory(body.code)) {
      throw new DomainError(ErrorCode.CONFLICT, `分类编码 ${body.code} 已存在`, { field: 'code' });
    }
    let depth = 1;
    if (body.parentCode) {
      const parent = await this.repository.findCategory(body.parentCode);
      if (!parent)
        throw new DomainError(ErrorCode.VALIDATION_FAILED, `上级分类 ${body.parentCode} 不存在`, {
          field: 'parentCode',
        });
      if (parent.is_leaf) {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, '末级分类下不能再建分类', { field: 'parentCode' });
      }
      depth = parent.depth + 1;
    }
    const row = body.isLeaf
      ? {
          code: body.code,
          name: body.name,
          parent_code: body.parentCode,
          depth,
          is_leaf: 1,
          default_demand_type: body.defaultDemandType,
          duty: body.duty,
          nearby_radius_m: body.nearbyRadiusM ?? 200,
        }
      : {
          code: body.code,
          name: body.name,
          parent_code: body.parentCode ?? null,
          depth,
          is_leaf: 0,
          default_demand_type: null,
          duty: null,
          nearby_radius_m: 200,
        };
    return toCategory(
      await this.repository.createCategory(row, { at: new Date().toISOString(), actorId: principal.userId }),
    );
  }

  async updateCategory(principal: Principal, code: string, body: UpdateCategoryRequest): Promise<AdminCategory> {
    requireAdmin(principal);
    const before = await this.repository.findCategory(code);
    if (!before) throw new DomainError(ErrorCode.NOT_FOUND, `分类 ${code} 不存在`);
    if (body.expectedVersion !== undefined && body.expectedVersion !== before.version) {
      throw changedMeanwhile(`分类“${before.name}”`);
    }
    const leafOnly =
      body.duty !== undefined || body.defaultDemandType !== undefined || body.nearbyRadiusM !== undefined;
    if (leafOnly && !before.is_leaf) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '职责、默认诉求类型和附近半径只能设置在末级分类上');
    }
    if (body.duty === 'county' && before.duty !== 'county' && (await this.repository.countPushedDownRules(code)) > 0) {
      throw new DomainError(
        ErrorCode.DISPATCH_PUSH_DOWN_FORBIDDEN,
        '该分类的派单目录中仍有乡镇或村（社区）单位，请先移除后再设为县级职责',
      );
    }
    const changes = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.duty !== undefined ? { duty: body.duty } : {}),
      ...(body.defaultDemandType !== undefined ? { default_demand_type: body.defaultDemandType } : {}),
      ...(body.nearbyRadiusM !== undefined ? { nearby_radius_m: body.nearbyRadiusM } : {}),
    };
    const after = await this.repository.updateCategory(before, changes, {
      at: new Date().toISOString(),
      actorId: principal.userId,
    });
    if (!after) throw changedMeanwhile(`分类“${before.name}”`);
    return toCategory(after);
  }

  async getCategoryQuestions(principal: Principal, code: string): Promise<CategoryQuestionsResponse> {
    requireAdmin(principal);
    const category = await this.repository.findCategory(code);
    if (!category) throw new DomainError(ErrorCode.NOT_FOUND, `分类 ${code} 不存在`);
    return toQuestions(category);
  }

  /** Replaces a leaf's questions; cases already filed keep the questions they were asked. */
  async putCategoryQuestions(
    principal: Principal,
    code: string,
    body: PutCategoryQuestionsRequest,
  ): Promise<CategoryQuestionsResponse> {
    requireAdmin(principal);
    const before = await this.repository.findCategory(code);
    if (!before) throw new DomainError(ErrorCode.NOT_FOUND, `分类 ${code} 不存在`);
    if (body.expectedVersion !== undefined && body.expectedVersion !== before.version) {
      throw changedMeanwhile(`分类“${before.name}”`);
    }
    if (!before.is_leaf)
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '只有末级分类可以设置问题', { field: 'questions' });
    const after = await this.repository.setCategoryQuestions(before, JSON.stringify(body.questions), {
      at: new Date().toISOString(),
      actorId: principal.userId,
    });
    if (!after) throw changedMeanwhile(`分类“${before.name}”`);
    return toQuestions(after);
  }

  async listCatalogue(principal: Principal, categoryCode: string): Promise<CatalogueRule[]> {
    requireAdmin(principal);
    return (await this.repository.listRules(categoryCode)).map(toRule);
  }

  /** What the catalogue would suggest for a case of this category filed at this point. */
  async tryCatalogue(principal: Principal, query: CatalogueTrialQuery): Promise<CatalogueTrialResponse> {
    requireAdmin(principal);
    const category = await this.repository.findCategory(query.categoryCode);
    if (!category || !category.is_leaf) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '请选择一个末级分类', { field: 'categoryCode' });
    }
    const holding = await this.reference.areasAt({ lat: query.lat, lng: query.lng });
    const where = placeOf(holding.map(holdingArea));
    const named = (code: string | null) => {
      const area = code ? holding.find((a) => a.code === code) : undefined;
      return area ? { code: area.code, name: area.name } : null;
    };
    const rules = await this.repository.activeRules(query.categoryCode);
    return {
      ...catalogueSuggestions({
        categoryCode: category.code,
        duty: category.duty,
        ...where,
        entries: rules.map((r) => ({
          areaCode: r.area_code,
          role: r.role,
          unit: { unitId: r.unit_id, code: r.unit_code, name: r.unit_name, kind: r.unit_kind },
        })),
      }),
      township: named(where.townshipCode),
      village: named(where.villageCode),
    };
  }

  async addCatalogueRule(principal: Principal, body: CreateCatalogueRuleRequest): Promise<CatalogueRule> {
    requireAdmin(principal);
    const category = await this.repository.findCategory(body.categoryCode);
    if (!category || !category.is_leaf) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '派单目录只能配置在已有的末级分类上', {
        field: 'categoryCode',
      });
    }
    const unit = await this.repository.findUnit(body.unitId);
    if (!unit) throw new DomainError(ErrorCode.UNIT_NOT_FOUND);
    if (unit.kind === 'centre' || !unit.active) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '只能派往在用的承办单位', { field: 'unitId' });
    }
    if (category.duty === 'county' && (unit.kind === 'township' || unit.kind === 'village')) {
      throw new DomainError(ErrorCode.DISPATCH_PUSH_DOWN_FORBIDDEN);
    }
    if (body.areaCode !== null && !(await this.repository.areaExists(body.areaCode))) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `区域 ${body.areaCode} 不存在`, { field: 'areaCode' });
    }
    const rule = { category_code: body.categoryCode, area_code: body.areaCode, unit_id: unit.id, role: body.role };
    if (await this.repository.findSameRule(rule)) throw new DomainError(ErrorCode.CONFLICT, '派单目录中已有相同的规则');
    const id = await this.repository.createRule(rule, { at: new Date().toISOString(), actorId: principal.userId });
    return toRule({ id, ...rule, unit_code: unit.code, unit_name: unit.name });
  }

  async removeCatalogueRule(principal: Principal, id: number): Promise<void> {
    requireAdmin(principal);
    const rule = await this.repository.findRule(id);
    if (!rule) throw new DomainError(ErrorCode.NOT_FOUND, '派单规则不存在');
    await this.repository.deleteRule(rule, { at: new Date().toISOString(), actorId: principal.userId });
  }

  async listUsers(principal: Principal, filter: { unitId?: string; role?: Role; q?: string }): Promise<AdminUser[]> {
    requireAdmin(principal);
    return (await this.repository.listUsers(filter)).map((u) => this.toUser(u));
  }

  async createUser(principal: Principal, body: CreateUserRequest): Promise<AdminUser> {
    requireAdmin(principal);
    const unit = await this.repository.findUnit(body.unitId);
    if (!unit || !unit.active) throw new DomainError(ErrorCode.UNIT_NOT_FOUND);
    requireRoleFitsUnit(body.role, unit);
    if (await this.repository.usernameTaken(body.username)) {
      throw new DomainError(ErrorCode.CONFLICT, `用户名 ${body.username} 已被使用`, { field: 'username' });
    }
    const at = new Date().toISOString();
    const row = {
      id: randomUUID(),
      role: body.role,
      name: body.name,
      unit_id: unit.id,
      username: body.username,
      phone_enc: body.phone ? this.vault.encrypt(body.phone) : null,
      phone_hash: body.phone ? this.vault.hash(body.phone) : null,
      wechat_openid: null,
      wechat_unionid: null,
      disabled: 0,
      created_at: at,
      version: 1,
      last_sign_in_at: null,
    };
    await this.repository.createUser(row, { at, actorId: principal.userId });
    return this.toUser(row);
  }

  async updateUser(principal: Principal, id: string, body: UpdateUserRequest): Promise<AdminUser> {
    requireAdmin(principal);
    const before = await this.repository.findStaffUser(id);
    if (!before) throw new DomainError(ErrorCode.NOT_FOUND, '用户不存在');
    if (body.expectedVersion !== undefined && body.expectedVersion !== before.version) {
      throw changedMeanwhile(`账号“${before.name}”`);
    }
    if (before.id === principal.userId && (body.disabled || body.role || body.unitId)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '不能停用或调整自己的账号', { field: 'disabled' });
    }
    const role = body.role ?? before.role;
    const unitId = body.unitId ?? before.unit_id;
    if (body.role !== undefined || body.unitId !== undefined) {
      const unit = unitId ? await this.repository.findUnit(unitId) : undefined;
      if (!unit || !unit.active) throw new DomainError(ErrorCode.UNIT_NOT_FOUND, undefined, { field: 'unitId' });
      requireRoleFitsUnit(role, unit);
    }
    const changes = {
      ...(body.disabled !== undefined ? { disabled: body.disabled ? 1 : 0 } : {}),
      ...(body.role !== undefined ? { role } : {}),
      ...(body.unitId !== undefined ? { unit_id: unitId } : {}),
    };
    const endSessions = body.disabled === true || role !== before.role || unitId !== before.unit_id;
    const after = await this.repository.updateUser(before, changes, {
      at: new Date().toISOString(),
      actorId: principal.userId,
      endSessions,
    });
    if (!after) throw changedMeanwhile(`账号“${before.name}”`);
    return this.toUser(after);
  }

  async audit(
    principal: Principal,
    query: { entity?: AdminAuditEntry['entity']; before?: number; limit: number },
  ): Promise<{ items: AdminAuditEntry[]; nextCursor: number | null }> {
    requireAdmin(principal);
    const rows = await this.auditTrail.page(query);
    const items = rows.map(toAuditEntry);
    return { items, nextCursor: rows.length === query.limit ? (items[items.length - 1]?.id ?? null) : null };
  }

  private toUser(row: UserRow): AdminUser {
    return {
      id: row.id,
      username: row.username,
      name: row.name,
      role: row.role as AdminUser['role'],
      unitId: row.unit_id,
      phone: row.phone_enc ? maskPhone(this.vault.decrypt(row.phone_enc)) : null,
      disabled: row.disabled === 1,
      lastSignInAt: row.last_sign_in_at,
      version: row.version,
    };
  }
}

type AreaPolygonLike = { type: string; coordinates: unknown };

function requireRoleFitsUnit(role: string, unit: UnitRow): void {
  if ((centreUnitRoles as readonly string[]).includes(role) !== (unit.kind === 'centre')) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      '热线中心的角色只能属于热线中心，承办人和单位负责人只能属于承办单位',
      { field: 'role' },
    );
  }
}

function toUnit(row: UnitRow, openCases: number): AdminUnit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    parentId: row.parent_id,
    areaCode: row.area_code,
    phone: row.phone,
    active: row.active === 1,
    openCases,
    version: row.version,
  };
}

function toCategory(row: CategoryRow): AdminCategory {
  return {
    code: row.code,
    name: row.name,
    parentCode: row.parent_code,
    depth: row.depth,
    isLeaf: row.is_leaf === 1,
    defaultDemandType: row.default_demand_type as AdminCategory['defaultDemandType'],
    duty: row.duty,
    nearbyRadiusM: row.nearby_radius_m,
    version: row.version,
  };
}

function toQuestions(row: CategoryRow): CategoryQuestionsResponse {
  return { categoryCode: row.code, categoryName: row.name, questions: questionsOf(row), version: row.version };
}

function toCalendarDay(row: CalendarOverrideRow): CalendarYearResponse['overrides'][number] {
  return { date: row.date, kind: row.kind, note: row.note, updatedAt: row.updated_at, version: row.version };
}

function toRule(row: CatalogueRuleRow): CatalogueRule {
  return {
    id: Number(row.id),
    categoryCode: row.category_code,
    areaCode: row.area_code,
    unitId: row.unit_id,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    role: row.role,
  };
}

function toAuditEntry(row: AdminAuditRow): AdminAuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actorId: row.actor_id,
    entity: row.entity as AdminAuditEntry['entity'],
    entityKey: row.entity_key,
    action: row.action,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
  };
}

// SQL for the admin's edits of the county directory: units, categories, the dispatch catalogue and
// staff users. Every edit writes its audit entry in the same short transaction.
import { Injectable } from '@nestjs/common';
import { openStatuses, type Role } from '@hotline/core';
import { type Insertable, type Selectable, type Updateable, sql } from 'kysely';
import type { AreasTable, CatalogueRulesTable, CategoriesTable, UnitsTable, UsersTable } from '../database/schema';
import { AuditedRepository, type AuditInput } from './admin-audit.repository';

export type UnitRow = Selectable<UnitsTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type CatalogueRuleRow = Selectable<CatalogueRulesTable> & { unit_code: string; unit_name: string };
export type UserRow = Selectable<UsersTable>;
export type AreaRow = Selectable<AreasTable>;

const bumpVersion = sql<number>`version + 1`;

type Audit = Pick<AuditInput, 'at' | 'actorId'>;

@Injectable()
export class AdminRepository extends AuditedRepository {
  listUnits(): Promise<UnitRow[]> {
    return this.db.selectFrom('units').selectAll().orderBy('code').execute();
  }

  findUnit(id: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async unitCodeTaken(code: string): Promise<boolean> {
    return !!(await this.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst());
  }

  async areaExists(code: string): Promise<boolean> {
    return !!(await this.db.selectFrom('areas').select('code').where('code', '=', code).executeTakeFirst());
  }

  findArea(code: string): Promise<AreaRow | undefined> {
    return this.db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
  }

  listAreas(): Promise<Pick<AreaRow, 'code' | 'name' | 'kind' | 'parent_code'>[]> {
    return this.db.selectFrom('areas').select(['code', 'name', 'kind', 'parent_code']).orderBy('code').execute();
  }

  /** Areas of a kind whose bounding box meets the given one (the cheap prefilter before geometry). */
  areasMeeting(
    kind: AreaRow['kind'],
    box: Pick<AreaRow, 'min_lat' | 'min_lng' | 'max_lat' | 'max_lng'>,
  ): Promise<AreaRow[]> {
    return this.db
      .selectFrom('areas')
      .selectAll()
      .where('kind', '=', kind)
      .where('min_lat', '<=', box.max_lat)
      .where('max_lat', '>=', box.min_lat)
      .where('min_lng', '<=', box.max_lng)
      .where('max_lng', '>=', box.min_lng)
      .execute();
  }

  /** Open cases per unit: those it leads, holds, assists on or answers for as the township. */
  async openCaseCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('case_unit_links as l')
      .innerJoin('cases as c', 'c.id', 'l.case_id')
      .where('c.status', 'in', [...openStatuses])
      .groupBy('l.unit_id')
      .select(['l.unit_id', (eb) => eb.fn.count<number>('l.case_id').distinct().as('n')])
      .execute();
    return new Map(rows.map((r) => [r.unit_id, Number(r.n)]));
  }

  async openCaseCount(unitId: string): Promise<number> {
    const row = await this.db
      .selectFrom('case_unit_links as l')
      .innerJoin('cases as c', 'c.id', 'l.case_id')
      .where('l.unit_id', '=', unitId)
      .where('c.status', 'in', [...openStatuses])
      .select((eb) => eb.fn.count<number>('l.case_id').distinct().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A unit, with the new area it serves when one was drawn for it, in one transaction. */
  async createUnit(row: Insertable<UnitsTable>, audit: Audit, newArea?: Insertable<AreasTable>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (newArea) await trx.insertInto('areas').values(newArea).execute();
      await trx.insertInto('units').values(row).execute();
      await this.audit.append(trx, {
        ...audit,
        entity: 'unit',
        entityKey: row.id,
        action: 'create',
        before: null,
        after: row,
      });
    });
  }

  /** Undefined when the row is no longer at `expectedVersion` (someone else edited it meanwhile). */
  async updateUnit(
    before: UnitRow,
    changes: Updateable<UnitsTable>,
    audit: Audit,
    expectedVersion = before.version,
  ): Promise<UnitRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('units')
        .set({ ...changes, version: bumpVersion })
        .where('id', '=', before.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return undefined;
      const after = await trx.selectFrom('units').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      await this.audit.append(trx, { ...audit, entity: 'unit', entityKey: before.id, action: 'update', before, after });
      return after;
    });
  }

  listCategories(): Promise<CategoryRow[]> {
    return this.db.selectFrom('categories').selectAll().orderBy('sort_order').orderBy('code').execute();
  }

  findCategory(code: string): Promise<CategoryRow | undefined> {
    return this.db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async createCategory(row: Omit<Insertable<CategoriesTable>, 'sort_order'>, audit: Audit): Promise<CategoryRow> {
    return this.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('categories')
        .select((eb) => eb.fn.max('sort_order').as('max'))
        .executeTakeFirst();
      const values = { ...row, sort_order: Number(last?.max ?? 0) + 1 };
      await trx.insertInto('categories').values(values).execute();
      const after = await trx
        .selectFrom('categories')
        .selectAll()
        .where('code', '=', row.code)
        .executeTakeFirstOrThrow();
      await this.audit.append(trx, {
        ...audit,
        entity: 'category',
        entityKey: row.code,
        action: 'create',
        before: null,
        after,
      });
      return after;
    });
  }

  async updateCategory(
    before: CategoryRow,
    changes: Updateable<CategoriesTable>,
    audit: Audit,
    expectedVersion = before.version,
  ): Promise<CategoryRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('categories')
        .set({ ...changes, version: bumpVersion })
        .where('code', '=', before.code)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return undefined;
      const after = await trx
        .selectFrom('categories')
        .selectAll()
        .where('code', '=', before.code)
        .executeTakeFirstOrThrow();
      await this.audit.append(trx, {
        ...audit,
        entity: 'category',
        entityKey: before.code,
        action: 'update',
        before,
        after,
      });
      return after;
    });
  }

  /** Undefined when the category is no longer at the version read (someone else edited it meanwhile). */
  async setCategoryQuestions(before: CategoryRow, questionsJson: string, audit: Audit): Promise<CategoryRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('categories')
        .set({ questions_json: questionsJson, version: bumpVersion })
        .where('code', '=', before.code)
        .where('version', '=', before.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return undefined;
      const after = await trx.selectFrom('categories').selectAll().where('code', '=', before.code).executeTakeFirstOrThrow();
      await this.audit.append(trx, {
        ...audit,
        entity: 'questions',
        entityKey: before.code,
        action: 'update',
        before: JSON.parse(before.questions_json) as unknown,
        after: JSON.parse(after.questions_json) as unknown,
      });
      return after;
    });
  }

  private rules() {
    return this.db
      .selectFrom('catalogue_rules as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .selectAll('r')
      .select(['u.code as unit_code', 'u.name as unit_name']);
  }

  listRules(categoryCode: string): Promise<CatalogueRuleRow[]> {
    return this.rules()
      .where('r.category_code', '=', categoryCode)
      .orderBy('r.area_code')
      .orderBy('r.role', 'desc')
      .orderBy('r.id')
      .execute();
  }

  /** The rules of a category that name units still in use, with each unit's kind. */
  activeRules(categoryCode: string): Promise<(CatalogueRuleRow & { unit_kind: UnitRow['kind'] })[]> {
    return this.rules()
      .select('u.kind as unit_kind')
      .where('r.category_code', '=', categoryCode)
      .where('u.active', '=', 1)
      .orderBy('r.role', 'desc')
      .orderBy('u.code')
      .execute();
  }

  findRule(id: number): Promise<CatalogueRuleRow | undefined> {
    return this.rules().where('r.id', '=', id).executeTakeFirst();
  }

  /** Rules of a category that send it to a township or village unit. */
  async countPushedDownRules(categoryCode: string): Promise<number> {
    const row = await this.db
      .selectFrom('catalogue_rules as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .where('r.category_code', '=', categoryCode)
      .where('u.kind', 'in', ['township', 'village'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async findSameRule(rule: Omit<Insertable<CatalogueRulesTable>, 'id'>): Promise<boolean> {
    let q = this.db
      .selectFrom('catalogue_rules')
      .select('id')
      .where('category_code', '=', rule.category_code)
      .where('unit_id', '=', rule.unit_id)
      .where('role', '=', rule.role);
    q =
      rule.area_code === null || rule.area_code === undefined
        ? q.where('area_code', 'is', null)
        : q.where('area_code', '=', rule.area_code);
    return !!(await q.executeTakeFirst());
  }

  async createRule(rule: Omit<Insertable<CatalogueRulesTable>, 'id'>, audit: Audit): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('catalogue_rules').values(rule).returning('id').executeTakeFirstOrThrow();
      const id = Number(inserted.id);
      await this.audit.append(trx, {
        ...audit,
        entity: 'catalogue',
        entityKey: String(id),
        action: 'create',
        before: null,
        after: { id, ...rule },
      });
      return id;
    });
  }

  async deleteRule(before: CatalogueRuleRow, audit: Audit): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('catalogue_rules').where('id', '=', before.id).execute();
      await this.audit.append(trx, {
        ...audit,
        entity: 'catalogue',
        entityKey: String(before.id),
        action: 'delete',
        before,
        after: null,
      });
    });
  }

  listUsers(filter: { unitId?: string; role?: Role; q?: string }): Promise<UserRow[]> {
    let q = this.db.selectFrom('users').selectAll().where('role', '!=', 'resident');
    if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
    if (filter.role) q = q.where('role', '=', filter.role);
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb('name', 'like', sql<string>`${like} escape '\\'`),
          eb('username', 'like', sql<string>`${like} escape '\\'`),
        ]),
      );
    }
    return q.orderBy('username').limit(1000).execute();
  }

  findStaffUser(id: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .where('role', '!=', 'resident')
      .executeTakeFirst();
  }

  async usernameTaken(username: string): Promise<boolean> {
    return !!(await this.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
  }

  async createUser(row: Insertable<UsersTable>, audit: Audit): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(row).execute();
      await this.audit.append(trx, {
        ...audit,
        entity: 'user',
        entityKey: row.id,
        action: 'create',
        before: null,
        after: withoutSecrets(row),
      });
    });
  }

  /** With `endSessions`, every refresh token of the account is revoked in the same transaction. */
  async updateUser(
    before: UserRow,
    changes: Updateable<UsersTable>,
    audit: Audit & { endSessions: boolean },
    expectedVersion = before.version,
  ): Promise<UserRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('users')
        .set({ ...changes, version: bumpVersion })
        .where('id', '=', before.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return undefined;
      if (audit.endSessions) {
        await trx
          .updateTable('refresh_tokens')
          .set({ revoked_at: audit.at })
          .where('user_id', '=', before.id)
          .where('revoked_at', 'is', null)
          .execute();
      }
      const after = await trx.selectFrom('users').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      await this.audit.append(trx, {
        at: audit.at,
        actorId: audit.actorId,
        entity: 'user',
        entityKey: before.id,
        action: 'update',
        before: withoutSecrets(before),
        after: withoutSecrets(after),
      });
      return after;
    });
  }
}

/** The audit trail never holds phone numbers, even encrypted. */
function withoutSecrets<T extends { phone_enc?: string | null; phone_hash?: string | null }>(
  row: T,
): Omit<T, 'phone_enc' | 'phone_hash'> {
  const { phone_enc: _enc, phone_hash: _hash, ...rest } = row;
  return rest;
}

// SQL for the admin's edits of the county directory: units, categories, the dispatch catalogue and
// staff users. Every edit writes its audit entry in the same short transaction.
import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { CatalogueRulesTable, CategoriesTable, DB, UnitsTable, UsersTable } from '../database/schema';
import { AdminAuditRepository, type AuditInput } from './admin-audit.repository';

export type UnitRow = Selectable<UnitsTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type CatalogueRuleRow = Selectable<CatalogueRulesTable> & { unit_code: string; unit_name: string };
export type UserRow = Selectable<UsersTable>;

type Audit = Pick<AuditInput, 'at' | 'actorId'>;

@Injectable()
export class AdminRepository {
  private readonly db: Kysely<DB>;

  constructor(
    @Inject(DATABASE) database: Database,
    private readonly audit: AdminAuditRepository,
  ) {
    this.db = database.db;
  }

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

  async createUnit(row: Insertable<UnitsTable>, audit: Audit): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
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

  async updateUnit(before: UnitRow, changes: Updateable<UnitsTable>, audit: Audit): Promise<UnitRow> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('units').set(changes).where('id', '=', before.id).execute();
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

  async updateCategory(before: CategoryRow, changes: Updateable<CategoriesTable>, audit: Audit): Promise<CategoryRow> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('categories').set(changes).where('code', '=', before.code).execute();
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

  async setCategoryQuestions(before: CategoryRow, questionsJson: string, audit: Audit): Promise<CategoryRow> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('categories').set({ questions_json: questionsJson }).where('code', '=', before.code).execute();
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

  listUsers(filter: { unitId?: string; role?: string }): Promise<UserRow[]> {
    let q = this.db.selectFrom('users').selectAll().where('role', '!=', 'resident');
    if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
    if (filter.role) q = q.where('role', '=', filter.role);
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

  async updateUser(before: UserRow, changes: Updateable<UsersTable>, audit: Audit): Promise<UserRow> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set(changes).where('id', '=', before.id).execute();
      const after = await trx.selectFrom('users').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      await this.audit.append(trx, {
        ...audit,
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

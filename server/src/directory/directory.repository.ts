// SQL for the county's directory: units, areas, categories, users. Nothing else speaks to these tables.
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { AreasTable, CategoriesTable, DB, UnitsTable, UsersTable } from '../database/schema';

export type UnitRow = Selectable<UnitsTable>;
export type UserRow = Selectable<UsersTable>;
export type AreaRow = Selectable<AreasTable>;
export type CategoryRow = Selectable<CategoriesTable>;

@Injectable()
export class DirectoryRepository {
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) database: Database) {
    this.db = database.db;
  }

  findUnitByCode(code: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
  }

  findUnitById(id: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Moves with every admin edit (each appends to admin_audit in the edit's transaction). */
  async referenceVersion(): Promise<number> {
    const row = await this.db
      .selectFrom('admin_audit')
      .select('id')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  allCategories(): Promise<CategoryRow[]> {
    return this.db.selectFrom('categories').selectAll().execute();
  }

  allAreas(): Promise<AreaRow[]> {
    return this.db.selectFrom('areas').selectAll().execute();
  }

  findUserById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The first active demo/staff user of a role, optionally in a given unit, in a stable order. */
  findUserByRole(role: string, unitId?: string): Promise<UserRow | undefined> {
    let q = this.db.selectFrom('users').selectAll().where('role', '=', role).where('disabled', '=', 0);
    if (unitId) q = q.where('unit_id', '=', unitId);
    return q.orderBy('username').limit(1).executeTakeFirst();
  }

  async countUnits(): Promise<number> {
    const row = await this.db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Active units, for the staff client's pickers (dispatch, forward, intake). */
  activeUnits() {
    return this.db
      .selectFrom('units')
      .select(['id', 'code', 'name', 'kind', 'parent_id', 'area_code'])
      .where('active', '=', 1)
      .orderBy('code')
      .execute();
  }

  categoryTree() {
    return this.db
      .selectFrom('categories')
      .select(['code', 'name', 'parent_code', 'is_leaf', 'duty'])
      .orderBy('sort_order')
      .orderBy('code')
      .execute();
  }
}

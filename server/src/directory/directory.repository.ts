// SQL for the county's directory: units, areas, categories, users. Nothing else speaks to these tables.
import { Injectable } from '@nestjs/common';
import type { Role } from '@hotline/core';
import type { Selectable } from 'kysely';
import { KyselyRepository } from '../database/repository';
import { QueryTemplate } from '../database/query-template';
import type { AreasTable, CategoriesTable, UnitsTable, UsersTable } from '../database/schema';

export type UnitRow = Selectable<UnitsTable>;
export type UserRow = Selectable<UsersTable>;
export type AreaRow = Selectable<AreasTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type UnitSummary = Pick<UnitRow, 'id' | 'code' | 'name' | 'kind' | 'parent_id' | 'area_code'>;
export interface NamedRow {
  code: string;
  name: string;
}

// Read on every filing (the reference data's version): compiled once (see query-template.ts).
const newestAdminEdit = new QueryTemplate<{ id: number }>((db) => db.selectFrom('admin_audit').select('id').orderBy('id', 'desc').limit(1));

@Injectable()
export class DirectoryRepository extends KyselyRepository {
  findUnitByCode(code: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
  }

  findUnitById(id: string): Promise<UnitRow | undefined> {
    return this.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Moves with every admin edit (each appends to admin_audit in the edit's transaction). */
  async referenceVersion(): Promise<number> {
    const row = await newestAdminEdit.first(this.db, {});
    return Number(row?.id ?? 0);
  }

  /** The names units, categories and areas are labelled with in lists and timelines, by id or code. */
  async names(keys: { units?: readonly string[]; categories?: readonly string[]; areas?: readonly string[] }): Promise<{
    units: Map<string, string>;
    categories: Map<string, string>;
    areas: Map<string, string>;
  }> {
    const unique = (k: readonly string[] = []) => [...new Set(k)];
    const [units, categories, areas] = await Promise.all([
      unique(keys.units).length
        ? this.db.selectFrom('units').select(['id as key', 'name']).where('id', 'in', unique(keys.units)).execute()
        : [],
      unique(keys.categories).length
        ? this.db.selectFrom('categories').select(['code as key', 'name']).where('code', 'in', unique(keys.categories)).execute()
        : [],
      unique(keys.areas).length
        ? this.db.selectFrom('areas').select(['code as key', 'name']).where('code', 'in', unique(keys.areas)).execute()
        : [],
    ]);
    const map = (rows: Array<{ key: string; name: string }>) => new Map(rows.map((r) => [r.key, r.name]));
    return { units: map(units), categories: map(categories), areas: map(areas) };
  }

  async unitNames(ids: readonly string[]): Promise<Map<string, string>> {
    return (await this.names({ units: ids })).units;
  }

  async unitName(id: string | null): Promise<string | null> {
    return id ? ((await this.unitNames([id])).get(id) ?? null) : null;
  }

  findArea(code: string) {
    return this.db.selectFrom('areas').select(['code', 'kind', 'parent_code']).where('code', '=', code).executeTakeFirst();
  }

  findCategory(code: string) {
    return this.db
      .selectFrom('categories')
      .select(['code', 'is_leaf', 'duty', 'questions_json'])
      .where('code', '=', code)
      .executeTakeFirst();
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
  findUserByRole(role: Role, unitId?: string): Promise<UserRow | undefined> {
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

  // ---- the names measures, analytics and exports are labelled with -----------------------

  async units(ids?: readonly string[]): Promise<UnitSummary[]> {
    if (ids && ids.length === 0) return [];
    let query = this.db.selectFrom('units').select(['id', 'code', 'name', 'kind', 'parent_id', 'area_code']);
    // Measures name every unit that worked in the period, even one deactivated since.
    query = ids ? query.where('id', 'in', ids) : query.where('active', '=', 1);
    return query.orderBy('code').execute();
  }

  /** A unit and the units directly under it (a township and its villages). */
  async unitWithChildren(unitId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('units')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', unitId), eb('parent_id', '=', unitId)]))
      .execute();
    return rows.map((r) => r.id);
  }

  async categories(codes?: readonly string[]): Promise<NamedRow[]> {
    if (codes && codes.length === 0) return [];
    let query = this.db.selectFrom('categories').select(['code', 'name']);
    if (codes) query = query.where('code', 'in', codes);
    return query.orderBy('code').execute();
  }

  async townships(codes?: readonly string[]): Promise<NamedRow[]> {
    if (codes && codes.length === 0) return [];
    let query = this.db.selectFrom('areas').select(['code', 'name']).where('kind', '=', 'township');
    if (codes) query = query.where('code', 'in', codes);
    return query.orderBy('code').execute();
  }

  /** Every township's boundary (GeoJSON geometry), for maps drawn without a tile service. */
  async townshipBoundaries(): Promise<Array<{ code: string; name: string; geometry: unknown }>> {
    const rows = await this.db
      .selectFrom('areas')
      .select(['code', 'name', 'geometry'])
      .where('kind', '=', 'township')
      .orderBy('code')
      .execute();
    return rows.map((r) => ({ code: r.code, name: r.name, geometry: JSON.parse(r.geometry) as unknown }));
  }
}

// The names the measures are labelled with: units, categories and townships (the counts come
// from the analytics roll-ups).
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { Selectable } from 'kysely';
import type { UnitsTable } from '../database/schema';

export type UnitRow = Pick<Selectable<UnitsTable>, 'id' | 'code' | 'name' | 'kind' | 'parent_id' | 'area_code'>;
export interface NamedRow {
  code: string;
  name: string;
}

@Injectable()
export class MeasuresRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async units(ids?: readonly string[]): Promise<UnitRow[]> {
    if (ids && ids.length === 0) return [];
    let query = this.database.db.selectFrom('units').select(['id', 'code', 'name', 'kind', 'parent_id', 'area_code']);
    // Measures name every unit that worked in the period, even one deactivated since.
    query = ids ? query.where('id', 'in', ids) : query.where('active', '=', 1);
    return query.orderBy('code').execute();
  }

  /** A unit and the units directly under it (a township and its villages). */
  async unitWithChildren(unitId: string): Promise<string[]> {
    const rows = await this.database.db
      .selectFrom('units')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', unitId), eb('parent_id', '=', unitId)]))
      .execute();
    return rows.map((r) => r.id);
  }

  async categories(codes?: readonly string[]): Promise<NamedRow[]> {
    if (codes && codes.length === 0) return [];
    let query = this.database.db.selectFrom('categories').select(['code', 'name']);
    if (codes) query = query.where('code', 'in', codes);
    return query.orderBy('code').execute();
  }

  async townships(codes?: readonly string[]): Promise<NamedRow[]> {
    if (codes && codes.length === 0) return [];
    let query = this.database.db.selectFrom('areas').select(['code', 'name']).where('kind', '=', 'township');
    if (codes) query = query.where('code', 'in', codes);
    return query.orderBy('code').execute();
  }

  /** Every township's boundary (GeoJSON geometry), for maps drawn without a tile service. */
  async townshipBoundaries(): Promise<Array<{ code: string; name: string; geometry: unknown }>> {
    const rows = await this.database.db
      .selectFrom('areas')
      .select(['code', 'name', 'geometry'])
      .where('kind', '=', 'township')
      .orderBy('code')
      .execute();
    return rows.map((r) => ({ code: r.code, name: r.name, geometry: JSON.parse(r.geometry) as unknown }));
  }
}

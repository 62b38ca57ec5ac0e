// SQL for the resident's side of cases: areas for a point, idempotency keys, the resident's own
// cases (keyset pages), nearby open cases, the public timeline, and names of units and categories.
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { AreasTable, CaseEventsTable, CasesTable, DB, IdempotencyKeysTable } from '../database/schema';

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;
export type ResidentCaseRow = Selectable<CasesTable> & { relation: 'filer' | 'follower' };

@Injectable()
export class ResidentsRepository {
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) database: Database) {
    this.db = database.db;
  }

  /** Areas whose bounding box holds the point (the cheap prefilter before point-in-polygon). */
  areasAround(lat: number, lng: number): Promise<Selectable<AreasTable>[]> {
    return this.db
      .selectFrom('areas')
      .selectAll()
      .where('min_lat', '<=', lat)
      .where('max_lat', '>=', lat)
      .where('min_lng', '<=', lng)
      .where('max_lng', '>=', lng)
      .execute();
  }

  category(code: string) {
    return this.db.selectFrom('categories').select(['code', 'name', 'is_leaf', 'nearby_radius_m', 'questions_json', 'default_demand_type']).where('code', '=', code).executeTakeFirst();
  }

  async categoryNames(codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db.selectFrom('categories').select(['code', 'name']).where('code', 'in', codes).execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async unitNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  // ---- idempotency keys -----------------------------------------------------------------

  /** Claims the key for a first request; false when someone already holds it. */
  async claimIdempotencyKey(row: IdempotencyRow): Promise<boolean> {
    const res = await this.db.insertInto('idempotency_keys').values(row).onConflict((oc) => oc.columns(['user_id', 'key']).doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  findIdempotencyKey(userId: string, key: string): Promise<IdempotencyRow | undefined> {
    return this.db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  }

  async completeIdempotencyKey(userId: string, key: string, status: number, body: string): Promise<void> {
    await this.db.updateTable('idempotency_keys').set({ state: 'done', response_status: status, response_body: body }).where('user_id', '=', userId).where('key', '=', key).execute();
  }

  async releaseIdempotencyKey(userId: string, key: string): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).execute();
  }

  async deleteExpiredIdempotencyKey(userId: string, key: string, now: string): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).where('expires_at', '<=', now).execute();
  }

  // ---- reading -------------------------------------------------------------------------

  /** The resident's cases (filed or followed), newest first, after the keyset cursor. */
  async myCases(userId: string, opts: { status?: string; limit: number; after?: { createdAt: string; id: string } }): Promise<ResidentCaseRow[]> {
    let q = this.db
      .selectFrom('cases')
      .leftJoin('case_followers', (join) => join.onRef('case_followers.case_id', '=', 'cases.id').on('case_followers.user_id', '=', userId))
      .selectAll('cases')
      .select((eb) => eb.case().when('cases.filer_user_id', '=', userId).then('filer').else('follower').end().as('relation'))
      .where((eb) => eb.or([eb('cases.filer_user_id', '=', userId), eb('case_followers.user_id', '=', userId)]));
    if (opts.status) q = q.where('cases.status', '=', opts.status);
    if (opts.after) {
      const { createdAt, id } = opts.after;
      q = q.where((eb) => eb.or([eb('cases.created_at', '<', createdAt), eb.and([eb('cases.created_at', '=', createdAt), eb('cases.id', '<', id)])]));
    }
    const rows = await q.orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc').limit(opts.limit).execute();
    return rows as ResidentCaseRow[];
  }

  /** Open cases of a category inside a bounding box since a time (distance is checked by the caller). */
  nearbyOpen(category: string, box: { minLat: number; maxLat: number; minLng: number; maxLng: number }, since: string, openStatuses: readonly string[]) {
    return this.db
      .selectFrom('cases')
      .select(['id', 'status', 'category_code', 'lat', 'lng', 'created_at'])
      .select((eb) => eb.selectFrom('case_followers').select((f) => f.fn.countAll<number>().as('n')).whereRef('case_followers.case_id', '=', 'cases.id').as('followers'))
      .where('category_code', '=', category)
      .where('status', 'in', [...openStatuses])
      .where('created_at', '>=', since)
      .where('lat', '>=', box.minLat)
      .where('lat', '<=', box.maxLat)
      .where('lng', '>=', box.minLng)
      .where('lng', '<=', box.maxLng)
      .limit(200)
      .execute();
  }

  publicEvents(caseId: string): Promise<Selectable<CaseEventsTable>[]> {
    return this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).where('visibility', '=', 'public').orderBy('seq').execute();
  }
}

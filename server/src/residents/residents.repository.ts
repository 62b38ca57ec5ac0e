// SQL for the resident's side of cases: idempotency keys, the resident's own
// cases (keyset pages), nearby open cases, the public timeline, and names of units.
import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { QueryTemplate } from '../database/query-template';
import type { Tx } from '../cases/cases.repository';
import { KyselyRepository } from '../database/repository';
import type { CaseEventsTable, CasesTable, IdempotencyKeysTable } from '../database/schema';

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

// A filing's statements on its key, compiled once (see query-template.ts).
const claimKey = new QueryTemplate((db, slot) =>
  db
    .insertInto('idempotency_keys')
    .values({
      user_id: slot('user_id'),
      key: slot('key'),
      request_hash: slot('request_hash'),
      state: slot('state'),
      response_status: slot('response_status'),
      response_body: slot('response_body'),
      created_at: slot('created_at'),
      expires_at: slot('expires_at'),
    })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'key'])
        .doUpdateSet((eb) => ({
          request_hash: eb.ref('excluded.request_hash'),
          state: eb.ref('excluded.state'),
          response_status: eb.ref('excluded.response_status'),
          response_body: eb.ref('excluded.response_body'),
          created_at: eb.ref('excluded.created_at'),
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where((eb) => eb.or([eb('idempotency_keys.expires_at', '<=', slot('created_at')), eb('idempotency_keys.state', '<>', 'done')])),
    ),
);
const keyOf = new QueryTemplate<IdempotencyRow>((db, slot) =>
  db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', slot('userId')).where('key', '=', slot('key')),
);
export type ResidentCaseRow = Selectable<CasesTable> & { relation: 'filer' | 'follower' };

@Injectable()
export class ResidentsRepository extends KyselyRepository {
  // ---- idempotency keys -----------------------------------------------------------------

  /**
   * Claims the key with its answer inside the filing's transaction, so the key and the case commit
   * or vanish together: a key is either absent or answered, never left half-done by a dying instance. On
   * PostgreSQL a second request with the same key waits here until the first commits (then it
   * finds the key taken) or rolls back (then it files). A claim older than its expiry, or one left
   * `in_flight` by a version that claimed outside the transaction, is taken over.
   */
  async claimIdempotencyKey(trx: Tx, row: IdempotencyRow): Promise<boolean> {
    const res = await claimKey.execute(trx, { ...row });
    return Number(res.numAffectedRows ?? 0) === 1;
  }

  findIdempotencyKey(userId: string, key: string): Promise<IdempotencyRow | undefined> {
    return keyOf.first(this.db, { userId, key });
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

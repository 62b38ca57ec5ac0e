// SQL of the repeated demands: located cases not yet compared, their earlier neighbours of the same
// category, the clusters and their members, and the inbox messages when a matter is found.
import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Selectable } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { NotificationInboxTable, RepeatClustersTable } from '../database/schema';

export type ClusterRow = Selectable<RepeatClustersTable>;
export interface LocatedCase {
  id: string;
  category_code: string;
  township_code: string | null;
  assignee_unit_id: string | null;
  lat: number;
  lng: number;
  created_at: string;
}

/** An earlier case near a compared one, with the matter it already belongs to (null: none yet). */
export interface Neighbour extends LocatedCase {
  cluster_id: number | null;
}

/** Cases that stand for themselves as a matter: a rejected or merged case is not another voice. */
const SET_ASIDE = ['rejected', 'merged'];
const located = ['id', 'category_code', 'township_code', 'assignee_unit_id', 'lat', 'lng', 'created_at'] as const;

@Injectable()
export class RepeatsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Located cases filed since `since` that were never compared with the cases before them, oldest first. */
  async unscanned(since: string, limit: number): Promise<LocatedCase[]> {
    const rows = await this.database.db
      .selectFrom('cases as c')
      .select(located.map((k) => `c.${k}` as const))
      .where('c.created_at', '>=', since)
      .where('c.lat', 'is not', null)
      .where('c.category_code', 'is not', null)
      .where('c.status', 'not in', SET_ASIDE)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('repeat_scanned as s').select('s.case_id').whereRef('s.case_id', '=', 'c.id'))))
      .orderBy('c.created_at')
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return rows as LocatedCase[];
  }

  /**
   * Same-category located cases in a box filed in [from, to), excluding one case, each with the
   * matter it already belongs to (one query: asking for the members' clusters separately sent up
   * to 500 ids per compared case).
   */
  async earlierNear(
    category: string,
    box: { minLat: number; maxLat: number; minLng: number; maxLng: number },
    from: string,
    to: string,
    exceptId: string,
  ): Promise<Neighbour[]> {
    const rows = await this.database.db
      .selectFrom('cases as c')
      .leftJoin('repeat_members as m', 'm.case_id', 'c.id')
      .select([...located.map((k) => `c.${k}` as const), 'm.cluster_id'])
      .where('c.category_code', '=', category)
      .where('c.created_at', '>=', from)
      .where('c.created_at', '<=', to)
      .where('c.id', '!=', exceptId)
      .where('c.status', 'not in', SET_ASIDE)
      .where('c.lat', '>=', box.minLat)
      .where('c.lat', '<=', box.maxLat)
      .where('c.lng', '>=', box.minLng)
      .where('c.lng', '<=', box.maxLng)
      .orderBy('c.created_at')
      .limit(500)
      .execute();
    return rows.map((r) => ({ ...(r as LocatedCase), cluster_id: r.cluster_id === null ? null : Number(r.cluster_id) }));
  }

  /** Marks a case compared, and, when it repeats a matter, writes the cluster (new or grown) and the inbox messages in one transaction. */
  async record(
    scanned: { caseId: string; at: string },
    change:
      | { kind: 'none' }
      | { kind: 'join'; clusterId: number; caseIds: string[]; lastFiledAt: string }
      | { kind: 'create'; cluster: Insertable<RepeatClustersTable>; caseIds: string[]; announce: (id: number) => Insertable<NotificationInboxTable>[] },
  ): Promise<number | null> {
    return this.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('repeat_scanned').values({ case_id: scanned.caseId, scanned_at: scanned.at }).onConflict((oc) => oc.doNothing()).execute();
      if (change.kind === 'none') return null;
      let clusterId: number;
      if (change.kind === 'create') {
        const inserted = await trx.insertInto('repeat_clusters').values(change.cluster).returning('id').executeTakeFirstOrThrow();
        clusterId = Number(inserted.id);
      } else {
        clusterId = change.clusterId;
      }
      await trx
        .insertInto('repeat_members')
        .values(change.caseIds.map((id) => ({ case_id: id, cluster_id: clusterId, joined_at: scanned.at })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      const size = await trx
        .selectFrom('repeat_members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('cluster_id', '=', clusterId)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('repeat_clusters')
        .set({ size: Number(size.n), ...(change.kind === 'join' ? { last_filed_at: change.lastFiledAt } : {}) })
        .where('id', '=', clusterId)
        .execute();
      if (change.kind === 'create') {
        const inbox = change.announce(clusterId);
        if (inbox.length) await trx.insertInto('notification_inbox').values(inbox).onConflict((oc) => oc.doNothing()).execute();
      }
      return clusterId;
    });
  }

  /** The supervisors and the leaders (unit managers) of a unit. */
  recipients(unitId: string | null): Promise<Array<{ id: string }>> {
    return this.database.db
      .selectFrom('users')
      .select('id')
      .where('disabled', '=', 0)
      .where((eb) =>
        unitId ? eb.or([eb('role', '=', 'supervisor'), eb.and([eb('role', '=', 'unit_manager'), eb('unit_id', '=', unitId)])]) : eb('role', '=', 'supervisor'),
      )
      .execute();
  }

  async list(from: string, to: string, unitIds: readonly string[] | null): Promise<ClusterRow[]> {
    let q = this.database.db.selectFrom('repeat_clusters').selectAll().where('last_filed_at', '>=', from).where('first_filed_at', '<', to);
    if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? unitIds : ['-']);
    return (await q.orderBy('last_filed_at', 'desc').limit(500).execute()).map((r) => ({ ...r, id: Number(r.id) }));
  }

  async byId(id: number): Promise<ClusterRow | undefined> {
    const row = await this.database.db.selectFrom('repeat_clusters').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, id: Number(row.id) };
  }

  members(clusterId: number) {
    return this.database.db
      .selectFrom('repeat_members as m')
      .innerJoin('cases as c', 'c.id', 'm.case_id')
      .select(['c.id', 'c.tracking_number', 'c.status', 'c.category_code', 'c.created_at', 'c.description'])
      .where('m.cluster_id', '=', clusterId)
      .orderBy('c.created_at', 'desc')
      .execute();
  }
}

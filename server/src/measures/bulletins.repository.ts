// SQL of the weekly bulletin: the issued bulletins (one per week) with their inbox messages, and the
// week's spikes, repeated demands and the overdue cases open when it is built.
import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Selectable } from 'kysely';
import { openStatuses, rolesWith } from '@hotline/core';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { NotificationInboxTable, WeeklyBulletinsTable } from '../database/schema';

export type BulletinRow = Selectable<WeeklyBulletinsTable>;
const summary = ['id', 'week_start', 'week_end', 'built_at', 'filed', 'change'] as const;

@Injectable()
export class BulletinsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async exists(weekStart: string): Promise<boolean> {
    return !!(await this.database.db.selectFrom('weekly_bulletins').select('id').where('week_start', '=', weekStart).executeTakeFirst());
  }

  /**
   * Records a week's bulletin and its inbox messages in one transaction; undefined when another
   * instance (or an earlier tick) issued that week's already. `announce` must not query.
   */
  async insertOnce(
    row: Insertable<WeeklyBulletinsTable>,
    announce: (id: number) => Insertable<NotificationInboxTable>[],
  ): Promise<number | undefined> {
    return this.database.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('weekly_bulletins')
        .values(row)
        .onConflict((oc) => oc.column('week_start').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return undefined;
      const id = Number(inserted.id);
      const inbox = announce(id);
      if (inbox.length) await trx.insertInto('notification_inbox').values(inbox).onConflict((oc) => oc.doNothing()).execute();
      return id;
    });
  }

  async list(limit = 260): Promise<Array<Omit<BulletinRow, 'content_json'>>> {
    const rows = await this.database.db.selectFrom('weekly_bulletins').select([...summary]).orderBy('week_start', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), filed: Number(r.filed), change: r.change === null ? null : Number(r.change) }));
  }

  async byId(id: number): Promise<BulletinRow | undefined> {
    const row = await this.database.db.selectFrom('weekly_bulletins').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, id: Number(row.id), filed: Number(row.filed), change: row.change === null ? null : Number(row.change) };
  }

  /** Who receives the bulletin: the active accounts of the roles that may read it. */
  recipients(): Promise<Array<{ id: string }>> {
    return this.database.db
      .selectFrom('users')
      .select('id')
      .where('role', 'in', [...rolesWith('bulletins.read')])
      .where('disabled', '=', 0)
      .execute();
  }

  async spikes(from: string, to: string) {
    const rows = await this.database.db
      .selectFrom('analytics_spikes')
      .select(['id', 'day', 'category_code', 'township_code', 'count'])
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .orderBy('id')
      .limit(100)
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), count: Number(r.count) }));
  }

  /** Repeated demands found in [fromInstant, toInstant). */
  async repeats(fromInstant: string, toInstant: string) {
    const rows = await this.database.db
      .selectFrom('repeat_clusters')
      .select(['id', 'category_code', 'township_code', 'unit_id', 'size'])
      .where('created_at', '>=', fromInstant)
      .where('created_at', '<', toInstant)
      .orderBy('size', 'desc')
      .orderBy('id')
      .limit(100)
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), size: Number(r.size) }));
  }

  /** Open cases past their deadline, per unit they are with ('' for the centre). */
  async overdueByUnit(): Promise<Array<{ unitId: string; count: number }>> {
    const rows = await this.database.db
      .selectFrom('cases')
      .select((eb) => ['assignee_unit_id', eb.fn.countAll<number>().as('n')])
      .where('status', 'in', [...openStatuses])
      .where('deadline_state', '=', 'overdue')
      .groupBy('assignee_unit_id')
      .execute();
    return rows.map((r) => ({ unitId: r.assignee_unit_id ?? '', count: Number(r.n) })).sort((a, b) => b.count - a.count);
  }
}

// SQL of the spike alerts: a day's counts per category × township and their baselines from the
// roll-ups, the spikes found (once each), the cases behind one, and its inbox messages.
import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Selectable } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { AnalyticsSpikesTable, NotificationInboxTable } from '../database/schema';

export type SpikeRow = Selectable<AnalyticsSpikesTable>;
export interface DayCount {
  categoryCode: string;
  townshipCode: string;
  day: string;
  count: number;
}

/** The UTC instants that bound a Shanghai day: [start, end). */
function shanghaiDayBounds(day: string): [string, string] {
  const start = Date.parse(`${day}T00:00:00+08:00`);
  return [new Date(start).toISOString(), new Date(start + 86_400_000).toISOString()];
}

@Injectable()
export class SpikesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Cases filed per category × township on the given days (only pairs with a category and a township). */
  async filedPerDay(days: readonly string[], minCount = 0): Promise<DayCount[]> {
    if (days.length === 0) return [];
    const rows = await this.database.db
      .selectFrom('case_rollups')
      .select((eb) => ['category_code', 'township_code', 'day', eb.fn.sum<number>('filed').as('n')])
      .where('day', 'in', days)
      .where('category_code', '!=', '')
      .where('township_code', '!=', '')
      .groupBy(['category_code', 'township_code', 'day'])
      .having((eb) => eb.fn.sum('filed'), '>=', minCount)
      .execute();
    return rows.map((r) => ({ categoryCode: r.category_code, townshipCode: r.township_code, day: r.day, count: Number(r.n) }));
  }

  /**
   * Records a spike and its inbox messages in one transaction; undefined when that day × category ×
   * township was announced already. `announce` must not query (SQLite has one connection).
   */
  async insertOnce(row: Insertable<AnalyticsSpikesTable>, announce: (spike: SpikeRow) => Insertable<NotificationInboxTable>[]): Promise<SpikeRow | undefined> {
    return this.database.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('analytics_spikes')
        .values(row)
        .onConflict((oc) => oc.columns(['day', 'category_code', 'township_code']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) return undefined;
      const spike = { ...inserted, id: Number(inserted.id) };
      const inbox = announce(spike);
      if (inbox.length) await trx.insertInto('notification_inbox').values(inbox).onConflict((oc) => oc.doNothing()).execute();
      return spike;
    });
  }

  async list(from: string, to: string): Promise<SpikeRow[]> {
    const rows = await this.database.db
      .selectFrom('analytics_spikes')
      .selectAll()
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day', 'desc')
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  async byId(id: number): Promise<SpikeRow | undefined> {
    const row = await this.database.db.selectFrom('analytics_spikes').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, id: Number(row.id) };
  }

  /** The cases of a category (or any under it) and township filed on a Shanghai day, newest first. */
  casesFiled(day: string, categoryCode: string, townshipCode: string, limit = 200) {
    const [start, end] = shanghaiDayBounds(day);
    return this.database.db
      .selectFrom('cases')
      .select(['id', 'tracking_number', 'status', 'category_code', 'created_at', 'description'])
      .where('category_code', '=', categoryCode)
      .where('township_code', '=', townshipCode)
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Who hears of a spike: the centre's supervisors and the analysts. */
  recipients(): Promise<Array<{ id: string }>> {
    return this.database.db
      .selectFrom('users')
      .select('id')
      .where('role', 'in', ['supervisor', 'analyst'])
      .where('disabled', '=', 0)
      .execute();
  }
}

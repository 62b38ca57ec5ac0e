// SQL of 每月一题: the month's topics.
import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Selectable } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { MonthlyTopicsTable } from '../database/schema';

export type TopicRow = Selectable<MonthlyTopicsTable>;

@Injectable()
export class TopicsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Inserts the month's topic; undefined when the month has one already. */
  async insert(row: Insertable<MonthlyTopicsTable>): Promise<TopicRow | undefined> {
    const inserted = await this.database.db
      .insertInto('monthly_topics')
      .values(row)
      .onConflict((oc) => oc.column('month').doNothing())
      .returningAll()
      .executeTakeFirst();
    return inserted && { ...inserted, id: Number(inserted.id) };
  }

  async list(): Promise<TopicRow[]> {
    const rows = await this.database.db.selectFrom('monthly_topics').selectAll().orderBy('month', 'desc').limit(120).execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  async byId(id: number): Promise<TopicRow | undefined> {
    const row = await this.database.db.selectFrom('monthly_topics').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, id: Number(row.id) };
  }
}

// SQL for the public statistics: counts of filed cases by period and by category. No row of a
// case leaves this file, only counts.
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { DB } from '../database/schema';

@Injectable()
export class PublicStatisticsRepository {
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) database: Database) {
    this.db = database.db;
  }

  async filedBetween(from: string, to: string): Promise<number> {
    const row = await this.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async topCategories(from: string, to: string, limit: number): Promise<{ code: string; name: string; filed: number }[]> {
    const rows = await this.db
      .selectFrom('cases as c')
      .innerJoin('categories as g', 'g.code', 'c.category_code')
      .select(['g.code', 'g.name', (eb) => eb.fn.countAll().as('n')])
      .where('c.created_at', '>=', from)
      .where('c.created_at', '<', to)
      .groupBy(['g.code', 'g.name'])
      .orderBy('n', 'desc')
      .orderBy('g.code')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ code: r.code, name: r.name, filed: Number(r.n) }));
  }

  townships() {
    return this.db.selectFrom('areas').select(['code', 'name', 'geometry']).where('kind', '=', 'township').orderBy('code').execute();
  }
}

// SQL of the demo county seed: whether the database is still empty, and the county's rows written
// in one transaction (parents before children), so a half-seeded database cannot exist.
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../database/schema';

/** The seed's rows per table, in the order they are written. */
export interface SeedRows {
  settings: Insertable<DB['settings']>[];
  areas: Insertable<DB['areas']>[];
  units: Insertable<DB['units']>[];
  categories: Insertable<DB['categories']>[];
  catalogueRules: Insertable<DB['catalogue_rules']>[];
  knowledge: Insertable<DB['knowledge_entries']>[];
  users: Insertable<DB['users']>[];
  open311Keys: Insertable<DB['open311_keys']>[];
}

export class SeedRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async isEmpty(): Promise<boolean> {
    return !(await this.db.selectFrom('units').select('id').limit(1).executeTakeFirst());
  }

  async insert(rows: SeedRows): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows.settings) await trx.insertInto('settings').values(row).execute();
      for (const row of rows.areas) await trx.insertInto('areas').values(row).execute();
      for (const row of rows.units) await trx.insertInto('units').values(row).execute();
      for (const row of rows.categories) await trx.insertInto('categories').values(row).execute();
      for (const row of rows.catalogueRules) await trx.insertInto('catalogue_rules').values(row).execute();
      for (const row of rows.knowledge) await trx.insertInto('knowledge_entries').values(row).execute();
      for (const row of rows.users) await trx.insertInto('users').values(row).execute();
      for (const row of rows.open311Keys) await trx.insertInto('open311_keys').values(row).execute();
    });
  }
}

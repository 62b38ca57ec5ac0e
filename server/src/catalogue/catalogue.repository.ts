// SQL for the public category tree.
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { CategoriesTable, DB } from '../database/schema';

export type CategoryRow = Selectable<CategoriesTable>;

@Injectable()
export class CatalogueRepository {
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) database: Database) {
    this.db = database.db;
  }

  /** Every category in display order (parents before their children). */
  listCategories(): Promise<CategoryRow[]> {
    return this.db.selectFrom('categories').selectAll().orderBy('sort_order').orderBy('code').execute();
  }
}

// SQL for the public category tree.
import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import type { CategoriesTable } from '../database/schema';
import { KyselyRepository } from '../database/repository';

export type CategoryRow = Selectable<CategoriesTable>;

@Injectable()
export class CatalogueRepository extends KyselyRepository {
  /** Every category in display order (parents before their children). */
  listCategories(): Promise<CategoryRow[]> {
    return this.db.selectFrom('categories').selectAll().orderBy('sort_order').orderBy('code').execute();
  }
}

// SQL for the knowledge base search.
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { DB, KnowledgeEntriesTable } from '../database/schema';

export type KnowledgeRow = Selectable<KnowledgeEntriesTable>;

@Injectable()
export class KnowledgeRepository {
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) database: Database) {
    this.db = database.db;
  }

  /** Active entries whose search text contains at least one of the pieces (Han characters and [a-z0-9] only: no LIKE wildcards). */
  findContainingAny(pieces: string[], cap = 200): Promise<KnowledgeRow[]> {
    if (pieces.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('knowledge_entries')
      .selectAll()
      .where('active', '=', 1)
      .where((eb) => eb.or(pieces.map((p) => eb('search_text', 'like', `%${p}%`))))
      .orderBy('code')
      .limit(cap)
      .execute();
  }
}

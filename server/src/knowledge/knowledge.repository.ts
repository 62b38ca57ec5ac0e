// SQL for the knowledge base search.
import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import type { KnowledgeEntriesTable } from '../database/schema';
import { KyselyRepository } from '../database/repository';

export type KnowledgeRow = Selectable<KnowledgeEntriesTable>;

@Injectable()
export class KnowledgeRepository extends KyselyRepository {
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

// SQL for uploaded photos.
import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import type { DB, MediaTable } from '../database/schema';
import { KyselyRepository } from '../database/repository';

export type MediaRow = Selectable<MediaTable>;

@Injectable()
export class MediaRepository extends KyselyRepository {
  async insert(row: MediaRow): Promise<void> {
    await this.db.insertInto('media').values(row).execute();
  }

  findById(id: string): Promise<MediaRow | undefined> {
    return this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findMany(ids: string[]): Promise<MediaRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('media').selectAll().where('id', 'in', ids).execute();
  }

  /** Ties photos to the case they were filed with (or added to); only unattached photos of the owner move. */
  async attach(ids: string[], ownerId: string, caseId: string, db: Kysely<DB> = this.db): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('media')
      .set({ case_id: caseId })
      .where('id', 'in', ids)
      .where('owner_user_id', '=', ownerId)
      .where('case_id', 'is', null)
      .execute();
  }

  /** Photos nobody attached to a case since before `createdBefore` (oldest first, a batch at a time). */
  findUnattached(createdBefore: string, limit: number): Promise<MediaRow[]> {
    return this.db
      .selectFrom('media')
      .selectAll()
      .where('case_id', 'is', null)
      .where('created_at', '<', createdBefore)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  async deleteUnattached(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('media').where('id', 'in', ids).where('case_id', 'is', null).execute();
  }
}

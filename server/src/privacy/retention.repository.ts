// SQL for retention: closed cases still holding personal data, and what anonymising removes.
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Transaction } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { DB } from '../database/schema';

export interface DueCase {
  id: string;
  status: string;
  filer_user_id: string | null;
  lat: number | null;
  lng: number | null;
  media_ids: string;
}

@Injectable()
export class RetentionRepository {
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) database: Database) {
    this.db = database.db;
  }

  /** Closed before `closedBefore` and not yet anonymised, oldest first. */
  due(closedBefore: string, limit: number): Promise<DueCase[]> {
    return this.db
      .selectFrom('cases')
      .select(['id', 'status', 'filer_user_id', 'lat', 'lng', 'media_ids'])
      .where('closed_at', 'is not', null)
      .where('closed_at', '<', closedBefore)
      .where('anonymised_at', 'is', null)
      .orderBy('closed_at')
      .limit(limit)
      .execute();
  }

  /** The resident's own photos of a case (units' reply photos stay with the case). */
  filerPhotos(caseId: string, filerUserId: string): Promise<{ id: string; storage_key: string; thumb_key: string }[]> {
    return this.db
      .selectFrom('media')
      .select(['id', 'storage_key', 'thumb_key'])
      .where('case_id', '=', caseId)
      .where('owner_user_id', '=', filerUserId)
      .execute();
  }

  async deletePhotos(trx: Transaction<DB>, ids: string[]): Promise<void> {
    if (ids.length) await trx.deleteFrom('media').where('id', 'in', ids).execute();
  }

  /** Removes the filer's name, phone and address, coarsens the point, and marks the case done. */
  async anonymise(
    trx: Transaction<DB>,
    caseId: string,
    change: { lat: number | null; lng: number | null; mediaIds: string; at: string },
  ): Promise<void> {
    await trx
      .updateTable('cases')
      .set({
        contact_name: null,
        contact_phone_enc: null,
        contact_phone_hash: null,
        address: null,
        lat: change.lat,
        lng: change.lng,
        location_accuracy_m: null,
        media_ids: change.mediaIds,
        anonymised_at: change.at,
      })
      .where('id', '=', caseId)
      .execute();
  }
}

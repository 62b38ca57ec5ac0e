// SQL for retention: closed cases still holding personal data, and what anonymising removes.
import { Injectable } from '@nestjs/common';
import type { Kysely, Transaction } from 'kysely';
import { KyselyRepository } from '../database/repository';
import type { DB } from '../database/schema';
import type { CaseRow } from '../cases/cases.repository';


@Injectable()
export class RetentionRepository extends KyselyRepository {
  /** The handle for writes outside any transaction of this repository (the retention run's audit entry). */
  get executor(): Kysely<DB> {
    return this.db;
  }

  /** Closed before `closedBefore` and not yet anonymised, oldest first. */
  due(closedBefore: string, limit: number): Promise<CaseRow[]> {
    return this.db
      .selectFrom('cases')
      .selectAll()
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

  /** The case's events (texts to scrub); those without a digest predate redactable payloads. */
  events(trx: Transaction<DB>, caseId: string): Promise<{ id: number; payload_json: string; payload_digest: string | null }[]> {
    return trx.selectFrom('case_events').select(['id', 'payload_json', 'payload_digest']).where('case_id', '=', caseId).orderBy('seq').execute();
  }

  /** Allowed by the row guard only after the case's `anonymise` event recorded the new payload's digest. */
  async scrubEventPayload(trx: Transaction<DB>, eventId: number, payloadJson: string): Promise<void> {
    await trx.updateTable('case_events').set({ payload_json: payloadJson }).where('id', '=', eventId).execute();
  }

  inboxItems(trx: Transaction<DB>, caseId: string): Promise<{ id: number; title: string; body: string }[]> {
    return trx.selectFrom('notification_inbox').select(['id', 'title', 'body']).where('case_id', '=', caseId).execute();
  }

  async scrubInboxItem(trx: Transaction<DB>, id: number, change: { title: string; body: string }): Promise<void> {
    await trx.updateTable('notification_inbox').set(change).where('id', '=', id).execute();
  }

  /** Removes the filer's name, phone and address, coarsens the point, and marks the case done. */
  async anonymise(
    trx: Transaction<DB>,
    caseId: string,
    change: { lat: number | null; lng: number | null; mediaIds: string; description: string; at: string },
  ): Promise<void> {
    await trx
      .updateTable('cases')
      .set({
        description: change.description,
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

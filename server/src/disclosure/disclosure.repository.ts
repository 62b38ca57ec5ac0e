// SQL for typical cases made public: the moderated copies, the filer's consent on the case, and
// the names and public events a copy is built from.
import { Injectable } from '@nestjs/common';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { PublishedCasesTable } from '../database/schema';
import { KyselyRepository } from '../database/repository';

export type PublishedCaseRow = Selectable<PublishedCasesTable>;

@Injectable()
export class DisclosureRepository extends KyselyRepository {
  async setConsent(caseId: string, consent: boolean, at: string): Promise<void> {
    await this.db
      .updateTable('cases')
      .set({ publish_consent: consent ? 1 : 0, publish_consent_at: at })
      .where('id', '=', caseId)
      .execute();
  }

  publicEvents(caseId: string) {
    return this.db
      .selectFrom('case_events')
      .select(['seq', 'type', 'at', 'actor_kind', 'actor_unit_id', 'payload_json'])
      .where('case_id', '=', caseId)
      .where('visibility', '=', 'public')
      .orderBy('seq')
      .execute();
  }

  async insert(row: Insertable<PublishedCasesTable>): Promise<void> {
    await this.db.insertInto('published_cases').values(row).execute();
  }

  async update(id: string, changes: Updateable<PublishedCasesTable>): Promise<void> {
    await this.db.updateTable('published_cases').set(changes).where('id', '=', id).execute();
  }

  findById(id: string): Promise<PublishedCaseRow | undefined> {
    return this.db.selectFrom('published_cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByCase(caseId: string): Promise<PublishedCaseRow | undefined> {
    return this.db.selectFrom('published_cases').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  }

  list(): Promise<(PublishedCaseRow & { tracking_number: string })[]> {
    return this.db
      .selectFrom('published_cases as p')
      .innerJoin('cases as c', 'c.id', 'p.case_id')
      .selectAll('p')
      .select('c.tracking_number')
      .orderBy('p.updated_at', 'desc')
      .limit(200)
      .execute();
  }

  /** Published copies whose case still has the filer's consent: the only rows the public reads. */
  published(filter: { id?: string; category?: string; township?: string; limit: number }): Promise<PublishedCaseRow[]> {
    let q = this.db
      .selectFrom('published_cases as p')
      .innerJoin('cases as c', 'c.id', 'p.case_id')
      .selectAll('p')
      .where('p.status', '=', 'published')
      .where('c.publish_consent', '=', 1);
    if (filter.id) q = q.where('p.id', '=', filter.id);
    if (filter.category) q = q.where('p.category_code', '=', filter.category);
    if (filter.township) q = q.where('p.township_code', '=', filter.township);
    return q.orderBy('p.published_at', 'desc').orderBy('p.id').limit(filter.limit).execute();
  }
}

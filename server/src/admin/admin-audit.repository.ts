// SQL for the admin audit trail. Append-only: there is no update or delete here, and the
// database's triggers refuse them anyway.
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AdminAuditEntity } from '@hotline/core';
import type { AdminAuditTable, DB } from '../database/schema';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import { KyselyRepository } from '../database/repository';
import { ReferenceData } from '../directory/reference-data';

export type AdminAuditRow = Selectable<AdminAuditTable>;

export interface AuditInput {
  at: string;
  actorId: string;
  entity: AdminAuditEntity;
  entityKey: string;
  action: 'create' | 'update' | 'delete';
  before: unknown;
  after: unknown;
}

@Injectable()
export class AdminAuditRepository extends KyselyRepository {
  constructor(
    @Inject(DATABASE) database: Database,
    private readonly reference: ReferenceData,
  ) {
    super(database);
  }

  async append(trx: Transaction<DB> | Kysely<DB>, entry: AuditInput): Promise<void> {
    // The cached reference data takes its version from this table: it looks again.
    this.reference.adminEditing();
    await trx
      .insertInto('admin_audit')
      .values({
        at: entry.at,
        actor_id: entry.actorId,
        entity: entry.entity,
        entity_key: entry.entityKey,
        action: entry.action,
        before_json: entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
        after_json: entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
      })
      .execute();
  }

  /** An entry on its own (not part of an edit's transaction): a data export. */
  async record(entry: AuditInput): Promise<void> {
    await this.append(this.db, entry);
  }

  page(options: { entity?: AdminAuditEntity; before?: number; limit: number }): Promise<AdminAuditRow[]> {
    let q = this.db.selectFrom('admin_audit').selectAll();
    if (options.entity) q = q.where('entity', '=', options.entity);
    if (options.before) q = q.where('id', '<', options.before);
    return q.orderBy('id', 'desc').limit(options.limit).execute();
  }
}

/** The base of a repository whose edits write their audit entry in the same transaction. */
export abstract class AuditedRepository extends KyselyRepository {
  constructor(
    @Inject(DATABASE) database: Database,
    @Inject(AdminAuditRepository) protected readonly audit: AdminAuditRepository,
  ) {
    super(database);
  }
}

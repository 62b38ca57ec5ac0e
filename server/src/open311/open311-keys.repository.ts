// SQL for the API keys Open311 clients present: only their hashes are stored.
import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import type { Open311KeysTable } from '../database/schema';
import { AuditedRepository } from '../admin/admin-audit.repository';

interface Audit {
  at: string;
  actorId: string;
}

export type Open311KeyRow = Selectable<Open311KeysTable>;

@Injectable()
export class Open311KeysRepository extends AuditedRepository {
  async insert(row: Open311KeyRow, audit: Audit, shown: unknown): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('open311_keys').values(row).execute();
      await this.audit.append(trx, { ...audit, entity: 'open311_key', entityKey: row.id, action: 'create', before: null, after: shown });
    });
  }

  list(): Promise<Open311KeyRow[]> {
    return this.db.selectFrom('open311_keys').selectAll().orderBy('created_at', 'desc').execute();
  }

  findById(id: string): Promise<Open311KeyRow | undefined> {
    return this.db.selectFrom('open311_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findActiveByHash(hash: string): Promise<Open311KeyRow | undefined> {
    return this.db
      .selectFrom('open311_keys')
      .selectAll()
      .where('key_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  async revoke(before: Open311KeyRow, audit: Audit): Promise<Open311KeyRow> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('open311_keys').set({ revoked_at: before.revoked_at ?? audit.at }).where('id', '=', before.id).execute();
      const after = await trx.selectFrom('open311_keys').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      const { key_hash: _h1, ...shownBefore } = before;
      const { key_hash: _h2, ...shownAfter } = after;
      await this.audit.append(trx, { ...audit, entity: 'open311_key', entityKey: before.id, action: 'update', before: shownBefore, after: shownAfter });
      return after;
    });
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('open311_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}

// SQL for resident accounts (rows of `users` with role resident): find by phone hash or WeChat
// openid, create, link.
import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import { KyselyRepository } from '../database/repository';
import { QueryTemplate } from '../database/query-template';
import type { DB, UsersTable } from '../database/schema';

export type AccountRow = Selectable<UsersTable>;

// Read by every filing: compiled once (see query-template.ts).
const accountById = new QueryTemplate<AccountRow>((db, slot) => db.selectFrom('users').selectAll().where('id', '=', slot('id')));

@Injectable()
export class AccountsRepository extends KyselyRepository {
  /** By id; inside a transaction when given one (a filing reads its filer there). */
  findById(id: string, db: Kysely<DB> = this.db): Promise<AccountRow | undefined> {
    return accountById.first(db, { id });
  }

  findResidentByPhoneHash(phoneHash: string): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('phone_hash', '=', phoneHash)
      .where('role', '=', 'resident')
      .orderBy('created_at')
      .executeTakeFirst();
  }

  /** The active staff account registered with this phone (staff are created by admins, never here). */
  findStaffByPhoneHash(phoneHash: string): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('phone_hash', '=', phoneHash)
      .where('role', '!=', 'resident')
      .where('disabled', '=', 0)
      .orderBy('created_at')
      .executeTakeFirst();
  }

  findByOpenid(openid: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('wechat_openid', '=', openid).executeTakeFirst();
  }

  async createResident(values: {
    name: string;
    phoneEnc?: string;
    phoneHash?: string;
    openid?: string;
    unionid?: string | null;
  }): Promise<AccountRow> {
    const row: AccountRow = {
      id: crypto.randomUUID(),
      role: 'resident',
      name: values.name,
      unit_id: null,
      username: null,
      phone_enc: values.phoneEnc ?? null,
      phone_hash: values.phoneHash ?? null,
      wechat_openid: values.openid ?? null,
      wechat_unionid: values.unionid ?? null,
      disabled: 0,
      created_at: new Date().toISOString(),
      version: 1,
      last_sign_in_at: null,
    };
    await this.db.insertInto('users').values(row).execute();
    return row;
  }

  async recordSignIn(id: string, at: string): Promise<void> {
    await this.db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', id).execute();
  }

  /** Binds (or with null, unbinds) a WeChat identity; false when another account holds it. */
  async setOpenid(id: string, openid: string | null): Promise<boolean> {
    if (openid) {
      const holder = await this.findByOpenid(openid);
      if (holder && holder.id !== id) return false;
    }
    await this.db.updateTable('users').set({ wechat_openid: openid }).where('id', '=', id).execute();
    return true;
  }

  async setUnionid(id: string, unionid: string): Promise<void> {
    await this.db.updateTable('users').set({ wechat_unionid: unionid }).where('id', '=', id).execute();
  }

  async setPhone(id: string, phoneEnc: string, phoneHash: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ phone_enc: phoneEnc, phone_hash: phoneHash })
      .where('id', '=', id)
      .execute();
  }

  /**
   * One person, one account: the WeChat identity of `from` moves to `into` (the account that
   * already holds the verified phone number), with its photos and cases; `from` is disabled.
   */
  async mergeInto(
    fromId: string,
    intoId: string,
    wechat: { openid: string | null; unionid: string | null },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ wechat_openid: null, wechat_unionid: null, disabled: 1 })
        .where('id', '=', fromId)
        .execute();
      await trx
        .updateTable('users')
        .set({ wechat_openid: wechat.openid, wechat_unionid: wechat.unionid })
        .where('id', '=', intoId)
        .execute();
      await trx.updateTable('media').set({ owner_user_id: intoId }).where('owner_user_id', '=', fromId).execute();
      await trx.updateTable('cases').set({ filer_user_id: intoId }).where('filer_user_id', '=', fromId).execute();
      await trx
        .updateTable('refresh_tokens')
        .set({ revoked_at: new Date().toISOString() })
        .where('user_id', '=', fromId)
        .where('revoked_at', 'is', null)
        .execute();
    });
  }
}
